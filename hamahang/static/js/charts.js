/* Dashboard charts: right-to-left, y axis on the right, Persian digits. Data comes from a
   json_script block (never executed), so the CSP needs no inline script. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#0b5d6b", "#e08e0b", "#8c8c8c", "#c0392b", "#2e86c1"];
  var persian = function (value) { return Number(value).toLocaleString("fa-IR"); };
  Chart.defaults.font.family = "Vazirmatn, Tahoma, sans-serif";
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = data[canvas.dataset.chart];
    if (!spec) { return; }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (series, index) {
          return { label: series.label, data: series.data, backgroundColor: palette[index % palette.length] };
        })
      },
      options: {
        locale: "fa-IR",
        responsive: true,
        maintainAspectRatio: false,
        // Labels come wrapped into lines (reports/charts.py): drawn level, none skipped, with
        // room at the edges so the outermost is not cut.
        layout: { padding: spec.padding || 0 },
        plugins: { legend: { rtl: true, textDirection: "rtl" }, tooltip: { rtl: true, textDirection: "rtl" } },
        scales: {
          x: { stacked: !!spec.stacked, reverse: true, ticks: { autoSkip: false, maxRotation: 0, minRotation: 0 } },
          y: { stacked: !!spec.stacked, position: "right", beginAtZero: true, ticks: { callback: persian, precision: 0 } }
        }
      }
    });
  });
})();
