/* Behaviour of the portal's pages, without inline script (the Content-Security-Policy forbids it).
 *
 * - <select data-autosubmit>: submits its form when the choice changes (language, dashboard filters).
 * - <button class="add-row" data-prefix="...">: adds a row to the formset table of that prefix from its
 *   <template id="PREFIX-template">.
 */
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });

  onReady(function () {
    document.querySelectorAll("button.add-row[data-prefix]").forEach(function (button) {
      button.addEventListener("click", function () {
        var prefix = button.dataset.prefix;
        var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
        var template = document.getElementById(prefix + "-template");
        var body = document.querySelector('table.formset[data-prefix="' + prefix + '"] tbody');
        if (!total || !template || !body) {
          return;
        }
        body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, total.value));
        total.value = parseInt(total.value, 10) + 1;
      });
    });
  });
})();
