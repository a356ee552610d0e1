/* Hamahang page behaviour. No inline scripts anywhere: the CSP forbids them. */
(function () {
  "use strict";

  var PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  var ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";

  function toAsciiDigits(text) {
    return text
      .replace(/[۰-۹]/g, function (d) { return String(PERSIAN_DIGITS.indexOf(d)); })
      .replace(/[٠-٩]/g, function (d) { return String(ARABIC_DIGITS.indexOf(d)); });
  }

  /* The date picker reads the field's value with parseInt, which knows only Latin digits: a
     field prefilled with «۱۴۰۵/۰۹/۰۱» opened a calendar with no days. The value is given to it
     in Latin digits as the field gains focus (before the picker's own handler, which listens
     on the body in the bubbling phase); the server reads either. */
  function latinDigitsForThePicker(event) {
    var input = event.target;
    if (input && input.matches && input.matches("input[data-jdp]") && input.value) {
      input.value = toAsciiDigits(input.value);
    }
  }

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

  document.addEventListener("focusin", latinDigitsForThePicker, true);
  document.addEventListener("DOMContentLoaded", startDatePicker);
})();
