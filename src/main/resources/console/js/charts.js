// Charts are Apache ECharts (the WebJar's ES module bundle, served from the jar), loaded the first
// time a page draws one. ARIA descriptions are on, so each chart also reads as text (and a test can
// read what it shows).
let loaded = null;
const live = new Set();

async function echarts() {
  if (!loaded) loaded = import('../vendor/echarts/echarts.esm.min.js');
  return loaded;
}

/** Disposes the charts of the page being left. */
export function disposeAll() {
  for (const c of live) c.dispose();
  live.clear();
}

const COLORS = {
  added: '#b3261e', removed: '#1d6b37', changed: '#c98a00', count: '#174f8a', now: '#b3261e', gone: '#1d6b37',
};

/**
 * A horizontal bar chart: categories down the side, one bar per series.
 * series: [{name, key, data: number[]}].
 */
export async function barChart(el, { title, categories, series }) {
  const e = await echarts();
  // as tall as its bars need, so a long list of codes is not squeezed
  el.style.height = `${Math.max(220, 70 + categories.length * (series.length * 16 + 24))}px`;
  const chart = e.init(el, null, { renderer: 'canvas', locale: 'ZH' });
  live.add(chart);
  chart.setOption({
    aria: { enabled: true },
    animation: false,
    title: title ? { text: title, left: 0, textStyle: { fontSize: 13, color: '#5b6470', fontWeight: 'normal' } } : undefined,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: title ? 22 : 0, left: 0 },
    grid: { left: 8, right: 32, top: title ? 52 : 30, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: categories, inverse: true, axisLabel: { width: 230, overflow: 'truncate' } },
    series: series.map((s) => ({
      name: s.name, type: 'bar', data: s.data, itemStyle: { color: COLORS[s.key] || COLORS.count },
      label: { show: true, position: 'right', formatter: (p) => (p.value ? String(p.value) : '') },
    })),
  });
  return chart;
}
