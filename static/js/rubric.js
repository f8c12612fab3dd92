// The marking rubric: choosing a band fills its usual mark when the mark is empty or outside the band; typing
// a mark selects its band; the weighted running total is announced as it changes. Without script the form
// still works: the server fills a band's mark and checks that mark and band agree.
(function () {
  "use strict";
  var BANDS = [["Distinction", 70], ["Merit", 60], ["Pass", null], ["Marginal fail", 40], ["Fail", 0]];

  function bandOf(mark, passMark) {
    for (var i = 0; i < BANDS.length; i++) {
      var floor = BANDS[i][1] === null ? passMark : BANDS[i][1];
      if (mark >= floor) { return BANDS[i][0]; }
    }
    return "Fail";
  }

  function setup() {
    var total = document.getElementById("rubric-total");
    if (!total) { return; }
    var passMark = parseInt(total.getAttribute("data-pass-mark"), 10) || 50;
    var rows = document.querySelectorAll(".rubric tbody tr");

    function update() {
      var weighted = 0, weights = 0, given = 0;
      rows.forEach(function (row) {
        var input = row.querySelector("input[type=number]");
        var value = parseInt(input.value, 10);
        if (!isNaN(value) && value >= 0 && value <= 100) {
          var weight = parseFloat(row.getAttribute("data-weight")) || 1;
          weighted += weight * value; weights += weight; given += 1;
        }
      });
      if (!given) { total.textContent = "The running total appears as you choose."; return; }
      var mark = Math.floor(weighted / weights + 0.5);
      total.textContent = "Running total: " + mark + " (" + bandOf(mark, passMark) + "), from " + given + " of " +
        rows.length + " criteria, before any word-count or resubmission rule.";
    }

    rows.forEach(function (row) {
      var input = row.querySelector("input[type=number]");
      row.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.addEventListener("change", function () {
          var value = parseInt(input.value, 10);
          if (isNaN(value) || bandOf(value, passMark) !== radio.value) {
            input.value = radio.getAttribute("data-mark");
            input.dispatchEvent(new Event("input", { bubbles: true }));  // the autosave hears it too
          }
          update();
        });
      });
      input.addEventListener("input", function () {
        var value = parseInt(input.value, 10);
        if (!isNaN(value) && value >= 0 && value <= 100) {
          var band = bandOf(value, passMark);
          row.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = radio.value === band; });
        }
        update();
      });
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", setup);
})();
