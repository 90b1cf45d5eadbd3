// Draws the chart specs embedded in the report with uPlot (inlined before this script).
// Runs in the browser, offline. It computes nothing: every value comes from the page data.
// When every chart has drawn, <html data-charts-ready="true"> is set; tests and people
// debugging a report can rely on it, and on data-chart-errors when something broke.
// The live dashboard loads the same script and calls window.loadspecCharts.update(charts)
// with each second's specs, so the dashboard and report.html draw the same way.
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

  var phases = data.charts.phases;
  var plots = {};
  var drawnIds = {};
  var expected = 0;
  // Every chart reserves the same room on both sides, so time axes line up down the page
  // whether or not a chart has a second axis.
  var AXIS_SIZE = 64;
  var HEIGHT = 240;

  function markReady() {
    var drawn = Object.keys(drawnIds).length;
    root.setAttribute('data-charts-expected', String(expected));
    root.setAttribute('data-charts-rendered', String(drawn));
    if (drawn >= expected && errors === 0) root.setAttribute('data-charts-ready', 'true');
  }

  function formatValue(value, unit) {
    if (value === null || value === undefined) return '–';
    var rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
    return rounded.toLocaleString('en-US') + unit;
  }

  function lastValue(values) {
    for (var i = values.length - 1; i >= 0; i--) if (values[i] !== null && values[i] !== undefined) return values[i];
    return null;
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

  // The axis follows the data, not the limits: a 190 ms p95 under a 3 s limit must not be a
  // flat line. A limit close above the data (within half again) is brought into view; one far
  // above is marked at the top edge instead (labelLimits).
  function dataRange(spec, scale) {
    return function (u) {
      var max = null;
      var min = null;
      var limits = [];
      spec.series.forEach(function (series, i) {
        if (series.scale !== scale) return;
        var values = u.data[i + 1] || [];
        if (series.dash) {
          if (values.length > 0 && values[0] !== null) limits.push(values[0]);
          return;
        }
        for (var j = 0; j < values.length; j++) {
          var v = values[j];
          if (v === null || v === undefined || !isFinite(v)) continue;
          if (max === null || v > max) max = v;
          if (min === null || v < min) min = v;
        }
      });
      if (max === null) {
        max = limits.length > 0 ? Math.max.apply(null, limits) : 1;
        min = 0;
      }
      limits.forEach(function (limit) {
        if (limit > max && limit <= max * 1.5) max = limit;
      });
      return [Math.min(0, min), max > 0 ? max * 1.08 : 1];
    };
  }

  // Limits are labelled on the chart itself, so a screenshot still says what each dashed line is.
  // Each limit keeps its own label; labels that would overlap are stacked.
  function labelLimits(spec) {
    return function (u) {
      var ctx = u.ctx;
      var ratio = window.devicePixelRatio || 1;
      var top = u.bbox.top;
      var bottom = u.bbox.top + u.bbox.height;
      var taken = [];
      ctx.save();
      ctx.font = 11 * ratio + 'px system-ui, sans-serif';
      ctx.textAlign = 'right';
      spec.series.forEach(function (series, i) {
        if (!series.dash) return;
        var values = u.data[i + 1] || [];
        if (values.length === 0 || values[0] === null) return;
        var y = u.valToPos(values[0], series.scale, true);
        var above = y < top;
        var label = above ? '↑ ' + series.label + ' — above the chart' : series.label;
        var baseline = above ? top + 12 * ratio : Math.min(bottom, Math.max(top + 12 * ratio, y - 5 * ratio));
        while (taken.some(function (t) { return Math.abs(t - baseline) < 13 * ratio; })) baseline += 13 * ratio;
        taken.push(baseline);
        var x = u.bbox.left + u.bbox.width - 6 * ratio;
        var width = ctx.measureText(label).width;
        ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
        ctx.fillRect(x - width - 3 * ratio, baseline - 11 * ratio, width + 6 * ratio, 14 * ratio);
        ctx.fillStyle = series.color;
        ctx.fillText(label, x, baseline);
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

  function drawHighlights(holder) {
    return function (u) {
      var spec = holder.spec;
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

  // Whole-number steps for counts: no 0.25 of a request or a user.
  var INTEGER_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7, 1e8];

  function axisOptions(axis) {
    var options = {
      scale: axis.scale,
      label: axis.label,
      side: axis.side === 'right' ? 1 : 3,
      size: AXIS_SIZE,
      grid: { show: axis.side !== 'right' },
    };
    if (axis.integer) {
      options.incrs = INTEGER_INCRS;
      options.values = function (u, splits) { return splits.map(function (v) { return v === null ? '' : Math.round(v).toLocaleString('en-US'); }); };
    }
    return options;
  }

  function columnsOf(spec) {
    return [spec.x].concat(spec.series.map(function (series) { return series.values; }));
  }

  function draw(spec) {
    var el = document.getElementById(spec.id);
    if (!el) {
      fail('no element for chart ' + spec.id);
      return;
    }
    // The dashboard swaps in each second's spec; the hooks read whichever is current.
    var holder = { spec: spec };
    var scales = { x: { time: true, range: function () { return [holder.spec.xMin, holder.spec.xMax]; } } };
    spec.axes.forEach(function (axis) {
      scales[axis.scale] = { auto: true, range: dataRange(spec, axis.scale) };
    });
    var hasRight = spec.axes.some(function (axis) { return axis.side === 'right'; });
    var options = {
      width: chartWidth(el),
      height: HEIGHT,
      padding: [12, hasRight ? 8 : AXIS_SIZE + 8, 0, 0],
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
      scales: scales,
      axes: [{ label: 'time (UTC)', values: timeTicks, space: 80 }].concat(spec.axes.map(axisOptions)),
      series: [{ label: 'time (UTC)', value: function (u, ts) { return ts === null ? 'last' : new Date(ts * 1000).toISOString().slice(0, 19).replace('T', ' '); } }].concat(spec.series.map(function (series, i) {
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
          // Without a hovered point the legend shows the last value, so a screenshot or a print carries numbers.
          value: function (u, value, sidx, idx) {
            return formatValue(idx === null || idx === undefined ? lastValue(u.data[i + 1] || []) : value, unit);
          },
        };
      })),
      legend: { live: true },
      hooks: {
        drawClear: [drawPhases, drawHighlights(holder)],
        draw: [labelLimits(spec), function () {
          if (drawnIds[spec.id]) return;
          drawnIds[spec.id] = true;
          markReady();
        }],
      },
    };
    try {
      plots[spec.id] = { plot: new uPlot(options, columnsOf(spec), el), el: el, shape: shapeOf(spec), holder: holder };
    } catch (error) {
      fail('chart "' + spec.title + '" could not be drawn', error);
    }
  }

  function shapeOf(spec) {
    return spec.series.map(function (series) { return series.label + '|' + series.color; }).join(',');
  }

  // A chart that appears during a live run (an endpoint's first request) gets its box like the page's own.
  function addChartBox(spec, sectionId) {
    var section = document.getElementById(sectionId);
    if (!section) {
      section = document.createElement('section');
      section.id = sectionId;
      var heading = document.createElement('h2');
      heading.textContent = sectionId === 'monitor' ? 'Monitor' : 'Over time';
      section.appendChild(heading);
      (document.getElementById('live-charts') || document.body).appendChild(section);
    }
    var block = document.createElement('div');
    block.className = 'chart';
    var title = document.createElement('h3');
    title.textContent = spec.title;
    var note = document.createElement('p');
    note.textContent = spec.note;
    var box = document.createElement('div');
    box.className = 'chart-box';
    box.id = spec.id;
    block.appendChild(title);
    block.appendChild(note);
    block.appendChild(box);
    section.appendChild(block);
  }

  function specsOf(charts) {
    return charts.run.concat(charts.monitor);
  }

  var initial = specsOf(data.charts);
  expected = initial.length;
  initial.forEach(draw);
  markReady();

  // New data for the same charts (the dashboard, once a second): same series, new values.
  window.loadspecCharts = {
    update: function (charts) {
      phases = charts.phases;
      var specs = specsOf(charts);
      expected = specs.length;
      specs.forEach(function (spec) {
        var entry = plots[spec.id];
        if (entry && entry.shape === shapeOf(spec)) {
          entry.holder.spec = spec;
          entry.plot.setData(columnsOf(spec));
          return;
        }
        if (entry) {
          entry.plot.destroy();
          delete plots[spec.id];
        }
        if (!document.getElementById(spec.id)) addChartBox(spec, charts.monitor.indexOf(spec) >= 0 ? 'monitor' : 'over-time');
        draw(spec);
      });
      markReady();
    },
  };

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      Object.keys(plots).forEach(function (id) { plots[id].plot.setSize({ width: chartWidth(plots[id].el), height: HEIGHT }); });
    }, 150);
  });
})();
