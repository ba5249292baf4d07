/* minutes-search.js: on the search page, the actions matching the words searched for, each with
 * its status, owners and due date (Sphinx's own results below name the pages). The actions come
 * from <meta name="minutes-actions"> on the search page: [id, description, status, owners, due,
 * overdue on the build date, link, meeting]. Overdue follows the reader's date (minutes-dates.js).
 */
(function () {
  "use strict";

  var SHOWN = 50;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function words() {
    var query = new URLSearchParams(window.location.search).get("q") || "";
    return query.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function item(action, today) {
    var id = action[0], description = action[1], status = action[2], owners = action[3], due = action[4];
    var overdue = today ? status === "open" && !!due && due < today : action[5];
    var li = element("li", "minutes-action-result");
    var link = element("a", "minutes-action-result-link", description || id);
    link.href = action[6];
    li.appendChild(link);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(element("span", "minutes-badge minutes-status minutes-status-" + status, status));
    if (overdue) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(element("span", "minutes-badge minutes-overdue", "overdue"));
    }
    var details = [owners.length ? owners.join(", ") : "Unassigned"];
    if (due) details.push("due " + due);
    details.push(action[7]);
    li.appendChild(element("span", "minutes-action-result-details", " \u00b7 " + details.join(" \u00b7 ")));
    return li;
  }

  function start() {
    var data = document.querySelector('meta[name="minutes-actions"]');
    var results = document.getElementById("search-results");
    var terms = words();
    if (!data || !results || !terms.length) return;
    var actions;
    try {
      actions = JSON.parse(data.getAttribute("content"));
    } catch (err) {
      return;
    }
    var found = actions.filter(function (action) {
      var text = [action[0], action[1], action[3].join(" ")].join(" ").toLowerCase();
      return terms.every(function (term) { return text.indexOf(term) >= 0; });
    });
    if (!found.length) return;
    var today = window.minutesDates ? window.minutesDates.today : "";
    var section = element("section", "minutes-action-results");
    section.setAttribute("aria-labelledby", "minutes-action-results-heading");
    var heading = element("h2", "", found.length === 1 ? "1 action" : found.length + " actions");
    heading.id = "minutes-action-results-heading";
    section.appendChild(heading);
    var list = element("ul", "minutes-action-result-list");
    found.slice(0, SHOWN).forEach(function (action) { list.appendChild(item(action, today)); });
    section.appendChild(list);
    if (found.length > SHOWN) {
      section.appendChild(element("p", "minutes-action-results-more",
        "and " + (found.length - SHOWN) + " more: narrow the search, or filter the task report."));
    }
    results.parentNode.insertBefore(section, results);
    decorateSphinxResults(results, found, today);
  }

  /* Sphinx lists an action found by its description as "(Meeting minutes action, in ...)":
     give it the status and owners too, as its results arrive. */
  function decorateSphinxResults(results, found, today) {
    var byId = {};
    found.forEach(function (action) { byId[action[0]] = action; });
    function decorate() {
      results.querySelectorAll("li > a[href*='#']").forEach(function (link) {
        var action = byId[link.getAttribute("href").split("#").pop().replace(/^minutes-action-/, "")];
        var li = link.parentNode;
        if (!action || li.querySelector(".minutes-action-result-details")) return;
        var mark = item(action, today);
        Array.prototype.slice.call(mark.childNodes, 1).forEach(function (node) {
          li.insertBefore(node, link.nextSibling && link.nextSibling.nextSibling);
        });
      });
    }
    decorate();
    if (window.MutationObserver) new MutationObserver(decorate).observe(results, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
