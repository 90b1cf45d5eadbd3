const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * Exact percentile (nearest rank) of sorted values. The probes are few (one per interval), so
 * exact is cheap, and with a handful of samples a sketch's rank rounding would show a P99
 * below the slowest probe.
 */
export function nearestRank(sorted: number[], percentile: number): number {
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return round1(sorted[Math.min(sorted.length, rank) - 1] ?? 0);
}
