/* {header}; gzip+base64, unpacked in the page */
(function () {
  var queue = [];
  window.PlotlyConfig = {MathJaxConfig: "local"};
  window.Plotly = {newPlot: function () {
    var args = arguments;
    return new Promise(function (ok, fail) { queue.push([args, ok, fail]); });
  }};
  function note() {
    var divs = document.querySelectorAll(".plotly-graph-div");
    for (var i = 0; i < divs.length; i++) {
      divs[i].textContent = "Grafik tidak dapat ditampilkan: peramban ini terlalu lama. " +
        "Buka laporan dengan Chrome, Edge atau Firefox versi terbaru, atau lihat PDF-nya.";
    }
  }
  if (typeof DecompressionStream === "undefined") {
    document.addEventListener("DOMContentLoaded", note);
    return;
  }
  var packed = "{data}";
  var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  new Response(stream).text().then(function (source) {
    (0, eval)(source);
    queue.forEach(function (q) { window.Plotly.newPlot.apply(null, q[0]).then(q[1], q[2]); });
  }).catch(function () { note(); });
})();
