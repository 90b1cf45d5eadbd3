// Draws the chart specs embedded in the report with uPlot (inlined before this script).
// Runs in the browser, offline. It computes nothing: every value comes from the page data.
// When every chart has drawn, <html data-charts-ready="true"> is set; tests and people
// debugging a report can rely on it, and on data-chart-errors when something broke.
(function () {
  'use strict';
  var root = document.documentElement;
  var errors = 0;

  function fail(message, error) {
    errors += 1;
    root.setAttribute('data-chart-errors', String(errors));
    console.error('loadspec report: ' + message, error === undefined ? '' : error);
  }

  var data;
  try {
    data = JSON.parse(document.getElementById('report-data').textContent);
  } catch (error) {
    fail('the embedded report data could not be read', error);
    return;
  }
  if (typeof uPlot !== 'function') {
    fail('the chart library did not load');
    return;
  }

  var specs = data.charts.run.concat(data.charts.monitor);
  var phases = data.charts.phases;
  var drawn = 0;
  var plots = [];
  root.setAttribute('data-charts-expected', String(specs.length));

  function markReady() {
    root.setAttribute('data-charts-rendered', String(drawn));
    if (drawn === specs.length && errors === 0) root.setAttribute('data-charts-ready', 'true');
  }

  function formatValue(value, unit) {
    if (value === null || value === undefined) return '–';
    var rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
    return rounded.toLocaleString('en-US') + unit;
  }

  var PHASE_FILLS = ['rgba(37, 99, 235, 0.06)', 'rgba(22, 163, 74, 0.08)'];

  // Phases are shaded behind the series so a reader sees what the load was doing.
  function drawPhases(u) {
    var ctx = u.ctx;
    var ratio = window.devicePixelRatio || 1;
    var left = u.bbox.left;
    var right = u.bbox.left + u.bbox.width;
    ctx.save();
    ctx.font = 11 * ratio + 'px system-ui, sans-serif';
    phases.forEach(function (phase, i) {
      var x0 = Math.max(left, u.valToPos(phase.start, 'x', true));
      var x1 = Math.min(right, u.valToPos(phase.end, 'x', true));
      if (!(x1 > x0)) return;
      ctx.fillStyle = PHASE_FILLS[i % PHASE_FILLS.length];
      ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
      ctx.fillStyle = 'rgba(55, 65, 81, 0.8)';
      ctx.fillText(phase.name, x0 + 4 * ratio, u.bbox.top + 12 * ratio, Math.max(0, x1 - x0 - 8 * ratio));
    });
    ctx.restore();
  }

  // Counts and latencies read best from zero; empty data still gets a visible frame.
  function zeroBasedRange(u, min, max) {
    if (min === null || max === null || !isFinite(min) || !isFinite(max)) return [0, 1];
    return [Math.min(0, min), max > 0 ? max * 1.08 : 1];
  }

  // Limits are labelled on the chart itself, so a screenshot still says what the dashed line is.
  function labelLimits(spec) {
    return function (u) {
      var ctx = u.ctx;
      var ratio = window.devicePixelRatio || 1;
      ctx.save();
      ctx.font = 11 * ratio + 'px system-ui, sans-serif';
      ctx.textAlign = 'right';
      spec.series.forEach(function (series) {
        if (!series.dash || series.values.length === 0) return;
        var y = u.valToPos(series.values[0], series.scale, true);
        if (!(y >= u.bbox.top && y <= u.bbox.top + u.bbox.height)) return;
        var x = u.bbox.left + u.bbox.width - 6 * ratio;
        var width = ctx.measureText(series.label).width;
        ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
        ctx.fillRect(x - width - 3 * ratio, y - 16 * ratio, width + 6 * ratio, 14 * ratio);
        ctx.fillStyle = series.color;
        ctx.fillText(series.label, x, y - 5 * ratio);
      });
      ctx.restore();
    };
  }

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  // 24-hour UTC clock, as in the tables; seconds only when the run is short enough to need them.
  function timeTicks(u, splits) {
    var span = u.scales.x.max - u.scales.x.min;
    return splits.map(function (ts) {
      if (ts === null) return '';
      var d = new Date(ts * 1000);
      return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + (span < 600 ? ':' + pad(d.getUTCSeconds()) : '');
    });
  }

  function drawHighlights(spec) {
    return function (u) {
      if (spec.highlights.length === 0) return;
      var ctx = u.ctx;
      var ratio = window.devicePixelRatio || 1;
      var left = u.bbox.left;
      var right = u.bbox.left + u.bbox.width;
      ctx.save();
      ctx.font = 11 * ratio + 'px system-ui, sans-serif';
      spec.highlights.forEach(function (band, i) {
        var x0 = Math.max(left, u.valToPos(band.start, 'x', true));
        var x1 = Math.min(right, u.valToPos(band.end, 'x', true));
        if (!(x1 > x0)) return;
        ctx.fillStyle = 'rgba(220, 38, 38, 0.12)';
        ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
        ctx.fillStyle = 'rgba(185, 28, 28, 0.9)';
        // Bands in the right half get their label to their left, so it stays inside the chart.
        var inRightHalf = x0 > left + u.bbox.width / 2;
        ctx.textAlign = inRightHalf ? 'right' : 'left';
        ctx.fillText(band.label, inRightHalf ? x1 - 3 * ratio : x0 + 3 * ratio, u.bbox.top + (26 + 13 * i) * ratio);
      });
      ctx.restore();
    };
  }

  function chartWidth(el) {
    return Math.max(320, Math.floor(el.clientWidth || 800));
  }

  specs.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    if (!el) {
      fail('no element for chart ' + spec.id);
      return;
    }
    var counted = false;
    var scales = { x: { time: true, range: [spec.xMin, spec.xMax] } };
    spec.axes.forEach(function (axis) {
      scales[axis.scale] = { auto: true, range: zeroBasedRange };
    });
    var options = {
      width: chartWidth(el),
      height: 240,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
      scales: scales,
      axes: [{ label: 'time (UTC)', values: timeTicks, space: 80 }].concat(spec.axes.map(function (axis) {
        return { scale: axis.scale, label: axis.label, side: axis.side === 'right' ? 1 : 3, grid: { show: axis.side !== 'right' } };
      })),
      series: [{ label: 'time (UTC)', value: function (u, ts) { return ts === null ? '–' : new Date(ts * 1000).toISOString().slice(0, 19).replace('T', ' '); } }].concat(spec.series.map(function (series) {
        var unit = series.unit;
        return {
          label: series.label,
          scale: series.scale,
          stroke: series.color,
          width: series.dash ? 1.5 : 2,
          dash: series.dash,
          spanGaps: false,
          // Short runs have a handful of windows: show their points; long ones would be a blur of dots.
          points: { show: !series.dash && spec.x.length <= 40 },
          value: function (u, value) { return formatValue(value, unit); },
        };
      })),
      legend: { live: true },
      hooks: {
        drawClear: [drawPhases, drawHighlights(spec)],
        draw: [labelLimits(spec), function () {
          if (counted) return;
          counted = true;
          drawn += 1;
          markReady();
        }],
      },
    };
    try {
      var columns = [spec.x].concat(spec.series.map(function (series) { return series.values; }));
      plots.push({ plot: new uPlot(options, columns, el), el: el });
    } catch (error) {
      fail('chart "' + spec.title + '" could not be drawn', error);
    }
  });
  markReady();

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      plots.forEach(function (entry) { entry.plot.setSize({ width: chartWidth(entry.el), height: 240 }); });
    }, 150);
  });
})();
