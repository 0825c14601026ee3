// ethos serve: reload this page when the preview is rebuilt, keeping the reading position.
(function () {
  var key = "ethos-serve-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, Number(saved)); });
  }
  var events = new EventSource("/events");
  var shown = document.querySelector('meta[name="ethos-build"]').content;
  events.addEventListener("build", function (event) {
    if (event.data !== shown) {
      sessionStorage.setItem(key, String(window.scrollY));
      location.reload();
    }
  });
})();
