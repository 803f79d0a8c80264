// Dependency map: a click on a provider node opens "if this provider fails" for it.
document.querySelectorAll('#dependency-map g.node').forEach(function (node) {
  var id = node.getAttribute('data-id') || '';
  if (id.indexOf('p:') !== 0) { return; }
  node.style.cursor = 'pointer';
  node.addEventListener('click', function () {
    var params = new URLSearchParams(window.location.search);
    params.set('provider', id.slice(2));
    window.location.search = params.toString() + '#failure-view';
  });
});
