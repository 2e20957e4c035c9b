/* Tracking and comparison charts: draw every figure whose JSON sits in a <script type="application/json"> beside it. */
(function () {
  var NARROW = 560;  // below this width small multiples stack in one column and text shrinks

  function wrap(text, width) {
    var lines = [], line = '';
    String(text).split(' ').forEach(function (word) {
      if (line && (line + ' ' + word).length > width) { lines.push(line); line = word; } else { line = line ? line + ' ' + word : word; }
    });
    lines.push(line);
    return lines.join('<br>');
  }

  function narrow(layout, width) {
    // On a phone two panels side by side leave each ward label a few pixels: one panel per row.
    var grid = layout.grid;
    if (grid && grid.columns > 1) {
      var panels = (layout.annotations || []).length || grid.rows * grid.columns;
      layout.height = 360 * panels + 130;
      grid.rows = panels;
      grid.columns = 1;
      grid.ygap = 0.6;
      layout.legend.y = 1.0 + 0.16 / panels;
      (layout.annotations || []).forEach(function (a) { a.text = wrap(a.text, 24); a.y = 1.2; });
    }
    layout.font = Object.assign({}, layout.font, {size: 11});
    layout.legend = Object.assign({}, layout.legend, {font: {size: 11}});
    layout.margin = Object.assign({}, layout.margin, {l: 40, r: 10});
    return layout;
  }

  function draw() {
    if (!window.Plotly) { return; }
    document.querySelectorAll('.tracking-chart__plot').forEach(function (el) {
      var data = document.getElementById(el.id + '-data');
      if (!data) { return; }
      var fig = JSON.parse(data.textContent);
      var layout = el.clientWidth && el.clientWidth < NARROW ? narrow(fig.layout, el.clientWidth) : fig.layout;
      window.Plotly.newPlot(el, fig.data, layout, {responsive: true, displaylogo: false});
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', draw); } else { draw(); }
})();
