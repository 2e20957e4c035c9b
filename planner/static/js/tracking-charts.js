/* Tracking and comparison charts: draw every figure whose JSON sits in a <script type="application/json"> beside it. */
(function () {
  function draw() {
    if (!window.Plotly) { return; }
    document.querySelectorAll('.tracking-chart__plot').forEach(function (el) {
      var data = document.getElementById(el.id + '-data');
      if (!data) { return; }
      var fig = JSON.parse(data.textContent);
      window.Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false});
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', draw); } else { draw(); }
})();
