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

  /* The Persian file box: show the chosen file's name (or names) beside its button. */
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-file-picker]")) return;
    var name = input.closest(".file-picker").querySelector("[data-file-name]");
    var files = Array.prototype.map.call(input.files, function (file) {
      return file.name;
    });
    name.textContent = files.length ? files.join("، ") : "فایلی انتخاب نشده است";
    name.classList.toggle("text-muted", !files.length);
  });

  /* Type-ahead (core.forms.TypeaheadInput): the box asks its look-up view for options as the
     user types (htmx); here the options become a listbox chosen with the arrows and Enter, or
     a click, which puts the object's id in the hidden input and its label in the box. */
  function typeahead(element) {
    var root = element && element.closest ? element.closest("[data-typeahead]") : null;
    if (!root) return null;
    return {
      root: root,
      input: root.querySelector("[data-typeahead-input]"),
      value: root.querySelector("[data-typeahead-value]"),
      list: root.querySelector("[data-typeahead-list]"),
    };
  }

  function choices(parts) {
    return Array.prototype.slice.call(
      parts.list.querySelectorAll('[role="option"]:not([aria-disabled="true"])')
    );
  }

  function showList(parts, open) {
    parts.list.hidden = !open;
    parts.input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) {
      parts.input.removeAttribute("aria-activedescendant");
    }
  }

  function activate(parts, index) {
    var options = choices(parts);
    if (!options.length) return;
    index = (index + options.length) % options.length;
    options.forEach(function (option, i) {
      var active = i === index;
      option.setAttribute("aria-selected", active ? "true" : "false");
      option.classList.toggle("active", active);
      if (active) {
        parts.input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
    });
  }

  function activeIndex(parts) {
    var options = choices(parts);
    for (var i = 0; i < options.length; i += 1) {
      if (options[i].getAttribute("aria-selected") === "true") return i;
    }
    return -1;
  }

  function choose(parts, option) {
    parts.value.value = option.getAttribute("data-value");
    parts.input.value = option.getAttribute("data-label");
    showList(parts, false);
    parts.value.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var input = event.detail.elt;
    if (!input.matches || !input.matches("[data-typeahead-input]")) return;
    delete event.detail.parameters[input.name];
    event.detail.parameters.q = input.value;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail.target;
    if (!list.matches || !list.matches("[data-typeahead-list]")) return;
    var parts = typeahead(list);
    Array.prototype.forEach.call(list.querySelectorAll('[role="option"]'), function (option, i) {
      option.id = list.id + "-" + i;
    });
    // Opened only while the user is typing in the box: not by a late answer after a choice
    // (the id is set), nor over a prefilled box that has merely been focused.
    var typing = document.activeElement === parts.input && !parts.value.value;
    showList(parts, typing && list.children.length > 0);
  });

  document.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches("[data-typeahead-input]")) return;
    // What is typed no longer names the chosen object: the server reads the text instead.
    typeahead(event.target).value.value = "";
  });

  document.addEventListener("keydown", function (event) {
    if (!event.target.matches || !event.target.matches("[data-typeahead-input]")) return;
    var parts = typeahead(event.target);
    var open = !parts.list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!choices(parts).length) return;
      showList(parts, true);
      var step = event.key === "ArrowDown" ? 1 : -1;
      var current = activeIndex(parts);
      activate(parts, current < 0 ? (step > 0 ? 0 : -1) : current + step);
    } else if (event.key === "Enter" && open) {
      var options = choices(parts);
      var index = activeIndex(parts);
      if (index >= 0 || options.length === 1) {
        event.preventDefault();
        choose(parts, options[index >= 0 ? index : 0]);
      }
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      showList(parts, false);
    }
  });

  document.addEventListener("mousedown", function (event) {
    // Keep the focus in the box while an option is clicked.
    if (event.target.closest && event.target.closest("[data-typeahead-list]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest ? event.target.closest('[role="option"]') : null;
    if (!option || option.getAttribute("aria-disabled") === "true") return;
    var parts = typeahead(option);
    if (parts) choose(parts, option);
  });

  document.addEventListener("focusout", function (event) {
    var parts = typeahead(event.target);
    if (parts && !parts.root.contains(event.relatedTarget)) {
      showList(parts, false);
    }
  });
})();
