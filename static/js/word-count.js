// Handing in: when a file is chosen, the server counts its words and the count is offered in the word-count
// box for the participant to confirm or correct (their own count, which leaves out references, wins). Without
// script the count is made as the work is handed in, if the box is left empty.
(function () {
  "use strict";
  function setup() {
    var form = document.querySelector("form[data-word-count-url]");
    if (!form) { return; }
    var file = form.querySelector("input[type=file][name=file]");
    var box = form.querySelector("input[name=word_count]");
    var said = document.getElementById("word-count-found");
    if (!file || !box || !said) { return; }
    var filled = "";  // the value we put in, so a count the participant typed is never overwritten
    function count() {
      if (!file.files.length) { return; }
      var data = new FormData();
      data.append("file", file.files[0]);
      said.textContent = "Counting the words in your file…";
      fetch(form.getAttribute("data-word-count-url"), {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": form.querySelector("input[name=csrfmiddlewaretoken]").value },
        credentials: "same-origin",
      }).then(function (response) { return response.json(); }).then(function (answer) {
        said.textContent = answer.message || "";
        if (answer.words && (box.value === "" || box.value === filled)) {
          box.value = String(answer.words);
          filled = box.value;
        }
      }).catch(function () {
        said.textContent = "We could not count the words just now: enter your own count.";
      });
    }
    file.addEventListener("change", count);
    count();  // a file chosen before this script ran (a slow page, or the browser's back button)
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); } else { setup(); }
})();
