// The desk: as the clerk types a phone or an ID number, show that person's earlier cases.
(function () {
  "use strict";
  var box = document.querySelector("[data-earlier-url]");
  if (!box) { return; }
  var form = box.closest("form");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timer = null;
  function check() {
    var phone = form.querySelector("input[name$='-phone']");
    var id = form.querySelector("input[name$='-id_number']");
    var body = new URLSearchParams();
    body.set("phone", phone ? phone.value : "");
    body.set("id_number", id ? id.value : "");
    if (!body.get("phone") && !body.get("id_number")) { box.innerHTML = ""; return; }
    fetch(box.getAttribute("data-earlier-url"), {
      method: "POST",
      headers: { "X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      credentials: "same-origin"
    }).then(function (r) { return r.ok ? r.text() : ""; }).then(function (html) { box.innerHTML = html; });
  }
  form.addEventListener("input", function (event) {
    if (/-(phone|id_number)$/.test(event.target.name || "")) {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, 400);
    }
  });
})();

// The checkbox lists of the accused: a filter box narrows a long list as the clerk types.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-checkbox-list]"), function (list) {
    var filter = list.querySelector(".checkbox-filter");
    var input = list.querySelector("[data-filter]");
    var options = list.querySelectorAll(".checkbox-options .check");
    if (!filter || !input || options.length < 8) { return; }
    filter.hidden = false;
    input.addEventListener("input", function () {
      var term = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(options, function (option) {
        var box = option.querySelector("input");
        var match = !term || option.textContent.toLowerCase().indexOf(term) !== -1;
        option.hidden = !match && !(box && box.checked);
      });
    });
  });
})();
