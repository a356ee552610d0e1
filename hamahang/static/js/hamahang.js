/* Hamahang page behaviour. No inline scripts anywhere: the CSP forbids them. */
(function () {
  "use strict";

  function startDatePicker() {
    if (window.jalaliDatepicker) {
      window.jalaliDatepicker.startWatch({
        time: false,
        persianDigits: true,
        autoShow: true,
        autoHide: true,
        hideAfterChange: true,
        date: true,
        showTodayBtn: true,
        showEmptyBtn: true,
      });
    }
  }

  document.addEventListener("DOMContentLoaded", startDatePicker);
})();
