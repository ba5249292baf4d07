/* minutes-dates.js: the page as of the reader's own date and in their own time zone.
 *
 * The site was built on some day; it is read on another. From the reader's date this script
 * marks open actions overdue or due within 7 days (rows with data-status and data-due, and the
 * action boxes of meeting pages), shows an :overdue: listing's rows once they are overdue
 * (tr.minutes-overdue-only), recounts the overdue actions a page counts (.minutes-overdue-count
 * with a class minutes-dues-<key>, from <meta name="minutes-dates"> in <head>: how many open
 * actions fall due on each date), and turns "as of <build date>" into the reader's date, saying
 * when the site was built. A meeting's time is also given in the reader's time zone
 * (.minutes-local-time). Without JavaScript the build date's marks and counts stay.
 *
 * minutes-tables.js reads the marks this script sets: it calls minutesDates.mark() first.
 */
(function () {
  "use strict";

  var SOON = 7; /* days: "due soon" */

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function isoDate(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function addDays(iso, days) {
    var parts = iso.split("-");
    return isoDate(new Date(+parts[0], +parts[1] - 1, +parts[2] + days));
  }

  function pageData() {
    var node = document.querySelector('meta[name="minutes-dates"]');
    if (!node) return { built: "", dues: {} };
    try {
      var data = JSON.parse(node.getAttribute("content"));
      return { built: data.built || "", dues: data.dues || {} };
    } catch (err) {
      return { built: "", dues: {} };
    }
  }

  function badge(className, label) {
    var node = document.createElement("span");
    node.className = "minutes-badge " + className + " minutes-reader-mark";
    node.textContent = label;
    return node;
  }

  /* The badge after a due date: overdue, due soon, or none; the build's badge is replaced. */
  function markDue(dueNode, overdue, soon) {
    var parent = dueNode.parentNode;
    Array.prototype.slice.call(parent.querySelectorAll(".minutes-overdue, .minutes-due-soon")).forEach(function (old) {
      if (old.classList.contains("minutes-badge")) {
        if (old.previousSibling && old.previousSibling.nodeType === 3 && !old.previousSibling.textContent.trim()) {
          parent.removeChild(old.previousSibling);
        }
        parent.removeChild(old);
      }
    });
    var mark = overdue ? badge("minutes-overdue", "overdue") : soon ? badge("minutes-due-soon", "due soon") : null;
    if (mark) {
      dueNode.parentNode.insertBefore(mark, dueNode.nextSibling);
      dueNode.parentNode.insertBefore(document.createTextNode(" "), mark);
    }
  }

  function state(status, due, today) {
    var open = status === "open";
    var overdue = open && !!due && due < today;
    return { overdue: overdue, soon: open && !!due && !overdue && due <= addDays(today, SOON) };
  }

  function markRows(today) {
    document.querySelectorAll("tr[data-due]").forEach(function (row) {
      var s = state(row.getAttribute("data-status"), row.getAttribute("data-due"), today);
      row.classList.toggle("minutes-overdue", s.overdue);
      row.classList.toggle("minutes-due-soon", s.soon);
      var due = row.cells.length > 1 ? row.cells[1].querySelector(".minutes-due") : null;
      if (due) markDue(due, s.overdue, s.soon);
      if (row.classList.contains("minutes-overdue-only")) row.hidden = !s.overdue;
    });
    document.querySelectorAll(".minutes-overdue-empty").forEach(function (node) {
      var box = node.parentNode;
      node.hidden = !!box.querySelector("tr.minutes-overdue-only.minutes-overdue");
    });
    /* An action's box on its meeting page: "Due: 2022-08-29" with its badge. */
    document.querySelectorAll(".minutes-action-meta .minutes-due").forEach(function (due) {
      var box = due.closest(".minutes-status-open, .minutes-status-done, .minutes-status-dropped");
      var open = box ? box.classList.contains("minutes-status-open") : false;
      var s = state(open ? "open" : "closed", due.textContent.trim(), today);
      if (box) box.classList.toggle("minutes-overdue", s.overdue);
      markDue(due, s.overdue, s.soon);
    });
  }

  function countOverdue(counts, today) {
    var n = 0;
    Object.keys(counts).forEach(function (date) {
      if (date < today) n += counts[date];
    });
    return n;
  }

  function markCounts(data, today) {
    document.querySelectorAll(".minutes-overdue-count").forEach(function (node) {
      var key = null;
      node.classList.forEach(function (cls) {
        if (cls.indexOf("minutes-dues-") === 0) key = cls.slice("minutes-dues-".length);
      });
      if (key === null || !(key in data.dues)) return;
      var n = countOverdue(data.dues[key], today);
      node.textContent = node.textContent.replace(/^[\d,]+/, n.toLocaleString("en-US"));
      if (node.classList.contains("minutes-count-badge")) {
        node.classList.toggle("minutes-badge", n > 0);
        node.classList.toggle("minutes-overdue", n > 0);
      }
      var row = node.closest("tr.minutes-person-row");
      if (row) row.classList.toggle("minutes-overdue", n > 0);
    });
  }

  function asOf(built, today) {
    return built && built !== today ? today + " (your date; the site was built on " + built + ")" : today;
  }

  function markAsOf(data, today) {
    document.querySelectorAll(".minutes-as-of").forEach(function (node) {
      var built = node.getAttribute("data-built") || node.textContent.trim();
      node.setAttribute("data-built", built);
      if (!data.built) data.built = built;
      node.textContent = asOf(built, today);
    });
  }

  /* "18:00–19:00 CEST, your time (Europe/Paris)": where the reader's zone is not the meeting's. */
  function localTimes() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (err) {
      return;
    }
    document.querySelectorAll(".minutes-local-time").forEach(function (node) {
      var start = new Date(node.getAttribute("data-start"));
      var end = new Date(node.getAttribute("data-end"));
      if (isNaN(start) || isNaN(end) || !zone || zone === node.getAttribute("data-zone")) return;
      var time = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
      var from = start.toLocaleTimeString("en-GB", time);
      var to = end.toLocaleTimeString("en-GB", Object.assign({ timeZoneName: "short" }, time));
      var day = isoDate(start) === node.getAttribute("data-date") ? "" :
        start.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long" }) + ", ";
      node.textContent = " \u00b7 " + day + from + "\u2013" + to + ", your time (" + zone + ")";
      node.hidden = false;
    });
  }

  var data = pageData();
  var marked = false;
  var api = {
    today: isoDate(new Date()),
    built: function () { return data.built; },
    asOf: function () { return asOf(data.built, api.today); },
    /* Once per page, before the tables are read; later calls do nothing. */
    mark: function () {
      if (marked) return;
      marked = true;
      markRows(api.today);
      markCounts(data, api.today);
      markAsOf(data, api.today);
      localTimes();
    },
  };
  window.minutesDates = api;

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", api.mark);
  } else {
    api.mark();
  }
})();
