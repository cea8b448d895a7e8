// The offline API reference: Redoc (shipped in the package) renders /api/openapi.json.
(function () {
  var root = document.getElementById("redoc");
  window.Redoc.init(root.dataset.specUrl, { hideDownloadButton: false }, root);
})();
