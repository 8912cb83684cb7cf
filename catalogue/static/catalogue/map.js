// The catalogue's map of communes (issue #17): an SVG drawn by the server for the list's filters, cached apart from
// the list (the same for every visitor). Inserted in place of the link to it; without script the link opens it.
(function () {
  "use strict";
  var section = document.querySelector(".catalogue-map[data-map-url]");
  if (!section || !window.fetch) {
    return;
  }
  var holder = section.querySelector(".catalogue-map-svg");
  fetch(section.getAttribute("data-map-url"), { credentials: "same-origin" })
    .then(function (response) {
      if (response.status === 204) {
        section.hidden = true; // no commune of these products has coordinates
        return null;
      }
      return response.ok ? response.text() : null;
    })
    .then(function (svg) {
      if (svg && svg.lastIndexOf("<svg", 0) === 0) {
        holder.innerHTML = svg;
      }
    })
    .catch(function () {
      /* the link to the map stays */
    });
})();
