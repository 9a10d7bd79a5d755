/**
 * A Prometheus histogram read at scrape time from plain latency counts that a
 * part without a metrics library keeps (core's LatencyCounts, e.g. the
 * websocket transport's). prom-client's Histogram only takes observations, so
 * this registers an object of the shape the registry reads (`get()` giving
 * the `_bucket`/`_sum`/`_count` values): the exposition and the cluster
 * aggregation (summed) are prom-client's own.
 */
import { LATENCY_BUCKETS, type LatencyCounts } from '@zaqarjs/core';
import type { Metric, MetricObjectWithValues, MetricValueWithName, Registry } from 'prom-client';

/** Registers histogram `name` whose series are the entries of `read()`, keyed by the label values joined with spaces. */
export function registerLatencyHistogram(
  registers: Registry[],
  name: string,
  help: string,
  labelNames: readonly string[],
  read: () => ReadonlyMap<string, LatencyCounts> | undefined,
): void {
  const get = async () => {
    const values: MetricValueWithName<string>[] = [];
    for (const [key, counts] of read() ?? []) {
      const parts = key.split(' ');
      const labels = Object.fromEntries(labelNames.map((label, i) => [label, parts[i]]));
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((le, i) => {
        cumulative += counts.buckets[i];
        values.push({ metricName: `${name}_bucket`, labels: { le, ...labels }, value: cumulative });
      });
      values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf', ...labels }, value: counts.count });
      values.push({ metricName: `${name}_sum`, labels, value: counts.sum });
      values.push({ metricName: `${name}_count`, labels, value: counts.count });
    }
    return { name, help, type: 'histogram', values, aggregator: 'sum' } as unknown as MetricObjectWithValues<MetricValueWithName<string>>;
  };
  const metric = { name, help, type: 'histogram', aggregator: 'sum', get, reset: () => undefined } as unknown as Metric;
  for (const registry of registers) registry.registerMetric(metric);
}
