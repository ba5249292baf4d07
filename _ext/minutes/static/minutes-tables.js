/* minutes-tables.js: the task report as a working tool.
 *
 * Enhances every table.minutes-action-table (built by listings.py and the person pages):
 * a header click sorts by that column; one filter bar per page (owner, series, overdue,
 * text) filters every action table on the page but those marked minutes-sort-only. Filters and sort live in the address
 * (?owner=jbosch&series=dm-sst&overdue=1&q=camera&sort=due&order=desc), so a filtered view
 * can be shared. Everything is read from the table itself: owners from the person links
 * (people/<id>.html), the series from the row class minutes-series-<id>, overdue from
 * minutes-overdue, as minutes-dates.js set it from the reader's date (rows of an :overdue: listing,
 * minutes-overdue-only, count only while overdue). With JavaScript off the tables read as plain tables.
 *
 * A task report can hold tens of thousands of rows: each row is read once into a record
 * (its filter and sort keys), and a table shows the first PAGE matching rows, with "Show
 * more" and "Show all" below it. Rows not shown are kept out of the document, so a filter
 * change lays out one page, not every action. Until this script runs, minutes-tables.css
 * hides rows beyond the first page (html.minutes-js, set in <head>).
 */
(function () {
  "use strict";

  var COLUMNS = ["description", "due", "assignee", "meeting"];
  var PARAMS = ["owner", "series", "overdue", "q", "sort", "order"];
  var PAGE = 100; /* rows a table shows at first and adds per "Show more"; see minutes-tables.css */

  function text(node) {
    return (node ? node.textContent : "").replace(/\s+/g, " ").trim();
  }

  function ownerKey(node) {
    if (node.classList.contains("minutes-unassigned")) return "unassigned"; /* :owner: unassigned */
    var href = node.getAttribute("href");
    var match = href && /(?:^|\/)people\/([^\/?#]+?)(?:\.html|\/(?:index\.html)?)?(?:[?#].*)?$/.exec(href);
    return match ? decodeURIComponent(match[1]) : "name:" + text(node);
  }

  /* What filters and sorting need from one row. */
  function rowInfo(row, index) {
    var cells = row.cells;
    var owners = [];
    var names = {};
    if (cells.length > 2) {
      cells[2].querySelectorAll("a.minutes-person, span.minutes-unknown-person, span.minutes-unassigned").forEach(function (node) {
        var key = ownerKey(node);
        if (owners.indexOf(key) < 0) {
          owners.push(key);
          names[key] = text(node);
        }
      });
    }
    var series = "";
    row.classList.forEach(function (cls) {
      if (cls.indexOf("minutes-series-") === 0) series = cls.slice("minutes-series-".length);
    });
    var dueText = cells.length > 1 ? text(cells[1]) : "";
    var due = /\d{4}-\d{2}-\d{2}/.exec(dueText);
    var anchor = cells.length > 0 ? cells[0].querySelector("a[href*='#']") : null;
    return {
      row: row,
      index: index,
      /* the same action in several groups counts once */
      id: anchor ? anchor.getAttribute("href") : text(cells[0]) + "|" + (cells.length > 3 ? text(cells[3]) : ""),
      owners: owners,
      names: names,
      series: series,
      overdue: row.classList.contains("minutes-overdue"),
      overdueOnly: row.classList.contains("minutes-overdue-only"),
      search: null, /* the row's words, read on the first text filter */
      keys: {
        description: null, /* read on the first sort by this column */
        due: due ? due[0] : "",
        assignee: owners.map(function (k) { return names[k].toLowerCase(); }).join(", "),
        meeting: null,
      },
    };
  }

  /* Reading a row's text is the costly part of a record: done once, when first needed. */
  function sortKey(info, column) {
    var key = info.keys[column];
    if (key === null) {
      var cell = info.row.cells[column === "description" ? 0 : 3];
      key = info.keys[column] = cell ? text(cell).toLowerCase() : "";
    }
    return key;
  }

  function rowWords(info) {
    if (info.search === null) info.search = text(info.row).toLowerCase();
    return info.search;
  }

  /* The box a table stands in on the page: the theme wraps tables in a scrolling box. */
  function outer(table) {
    var parent = table.parentNode;
    return parent && parent.classList && parent.classList.contains("minutes-table-scroll") ? parent : table;
  }

  /* The group heading (p.minutes-group) right above a table, if any. */
  function groupHeading(table) {
    var before = outer(table).previousElementSibling;
    return before && before.classList.contains("minutes-group") ? before : null;
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    PARAMS.forEach(function (name) { state[name] = params.get(name) || ""; });
    if (COLUMNS.indexOf(state.sort) < 0) state.sort = "";
    state.order = state.order === "desc" ? "desc" : "asc";
    state.overdue = state.overdue === "1" || state.overdue === "true" ? "1" : "";
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams(window.location.search);
    PARAMS.forEach(function (name) {
      var value = state[name];
      if (name === "order" && (!state.sort || value === "asc")) value = "";
      if (value) params.set(name, value); else params.delete(name);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try {
      window.history.replaceState(null, "", url);
    } catch (err) {
      /* some browsers refuse replaceState on file:// pages; the view still filters */
    }
  }

  function compare(a, b, column, order) {
    var x = sortKey(a, column);
    var y = sortKey(b, column);
    if (x === y) return a.index - b.index;
    if (!x) return 1; /* empty cells (no due date, no owner) last, either way */
    if (!y) return -1;
    var result = x < y ? -1 : 1;
    return order === "desc" ? -result : result;
  }

  function option(value, label) {
    var node = document.createElement("option");
    node.value = value;
    node.textContent = label;
    return node;
  }

  function field(labelText, control) {
    var label = document.createElement("label");
    label.className = "minutes-filter";
    var span = document.createElement("span");
    span.textContent = labelText;
    label.appendChild(span);
    label.appendChild(control);
    return label;
  }

  function select(name, allLabel, entries, current) {
    var node = document.createElement("select");
    node.name = name;
    node.appendChild(option("", allLabel));
    var seen = {};
    entries.forEach(function (entry) {
      seen[entry[0]] = true;
      node.appendChild(option(entry[0], entry[1]));
    });
    if (current && !seen[current]) node.appendChild(option(current, current));
    node.value = current;
    return node;
  }

  function TableBrowser(tables) {
    this.tables = tables.map(function (table) {
      var rows = Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
      return { table: table, body: table.tBodies[0], rows: rows.map(rowInfo), matched: [], limit: PAGE,
               empty: null, pager: null };
    });
    this.state = readState();
  }

  TableBrowser.prototype.allRows = function () {
    return this.tables.reduce(function (all, t) { return all.concat(t.rows); }, []);
  };

  TableBrowser.prototype.buildToolbar = function () {
    var self = this;
    var owners = {};
    var series = {};
    this.allRows().forEach(function (info) {
      info.owners.forEach(function (key) { owners[key] = info.names[key]; });
      if (info.series) series[info.series] = true;
    });
    var ownerEntries = Object.keys(owners).map(function (k) { return [k, owners[k]]; });
    ownerEntries.sort(function (a, b) { return a[1].localeCompare(b[1]); });
    var seriesEntries = Object.keys(series).sort().map(function (k) { return [k, k]; });

    var form = document.createElement("form");
    form.className = "minutes-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter actions");
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    this.owner = select("owner", "Everyone", ownerEntries, this.state.owner);
    this.series = select("series", "All series", seriesEntries, this.state.series);
    this.overdue = document.createElement("input");
    this.overdue.type = "checkbox";
    this.overdue.name = "overdue";
    this.overdue.checked = this.state.overdue === "1";
    this.query = document.createElement("input");
    this.query.type = "search";
    this.query.name = "q";
    this.query.placeholder = "Words in any column";
    this.query.value = this.state.q;

    form.appendChild(field("Owner", this.owner));
    form.appendChild(field("Series", this.series));
    var overdueLabel = field("Overdue only", this.overdue);
    overdueLabel.classList.add("minutes-filter-check");
    form.appendChild(overdueLabel);
    form.appendChild(field("Text", this.query));

    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "minutes-filter-clear";
    clear.textContent = "Clear filters";
    clear.addEventListener("click", function () {
      self.owner.value = "";
      self.series.value = "";
      self.overdue.checked = false;
      self.query.value = "";
      self.update();
    });
    form.appendChild(clear);

    this.count = document.createElement("p");
    this.count.className = "minutes-filter-count";
    this.count.setAttribute("aria-live", "polite");
    form.appendChild(this.count);
    if (window.minutesDates) {
      /* Overdue is counted from the reader's date, not the build's: say both. */
      this.asOf = document.createElement("p");
      this.asOf.className = "minutes-filter-asof";
      form.appendChild(this.asOf);
    }

    [this.owner, this.series, this.overdue].forEach(function (control) {
      control.addEventListener("change", function () { self.update(); });
    });
    this.query.addEventListener("input", function () { self.update(); });
    return form;
  };

  TableBrowser.prototype.makeSortable = function () {
    var self = this;
    this.tables.forEach(function (t) {
      var head = t.table.tHead && t.table.tHead.rows[0];
      if (!head) return;
      Array.prototype.forEach.call(head.cells, function (th, i) {
        var column = COLUMNS[i];
        if (!column) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "minutes-sort";
        button.dataset.column = column;
        while (th.firstChild) {
          var child = th.firstChild;
          th.removeChild(child);
          /* docutils wraps header text in <p>: keep the text, not the block */
          button.appendChild(child.nodeName === "P" ? document.createTextNode(text(child)) : child);
        }
        var arrow = document.createElement("span");
        arrow.className = "minutes-sort-arrow";
        arrow.setAttribute("aria-hidden", "true");
        button.appendChild(arrow);
        button.addEventListener("click", function () {
          if (self.state.sort === column) {
            self.state.order = self.state.order === "asc" ? "desc" : "asc";
          } else {
            self.state.sort = column;
            self.state.order = "asc";
          }
          self.update();
        });
        th.appendChild(button);
      });
    });
  };

  TableBrowser.prototype.matches = function (info) {
    if (info.overdueOnly && !info.overdue) return false; /* not yet overdue on the reader's date */
    if (!this.owner) return true; /* no filter bar on this page: sorting only */
    var s = this.state;
    if (s.owner && info.owners.indexOf(s.owner) < 0) return false;
    if (s.series && info.series !== s.series) return false;
    if (s.overdue && !info.overdue) return false;
    if (!this.words.length) return true;
    var search = rowWords(info);
    return this.words.every(function (word) { return search.indexOf(word) >= 0; });
  };

  /* Filters and sorting apply to every row of a table; its first page is shown again. */
  TableBrowser.prototype.update = function () {
    var self = this;
    if (this.owner) {
      this.state.owner = this.owner.value;
      this.state.series = this.series.value;
      this.state.overdue = this.overdue.checked ? "1" : "";
      this.state.q = this.query.value.trim();
    }
    this.words = this.state.q.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    var total = 0;
    var overdue = 0;
    var ids = {};
    this.tables.forEach(function (t) {
      var matched = t.rows.filter(function (info) {
        var match = self.matches(info);
        if (!(info.id in ids) && !(info.overdueOnly && !info.overdue)) {
          ids[info.id] = false;
          total += 1;
          if (info.overdue) overdue += 1;
        }
        if (match && !ids[info.id]) { ids[info.id] = true; shown += 1; }
        return match;
      });
      if (self.state.sort) {
        matched.sort(function (a, b) { return compare(a, b, self.state.sort, self.state.order); });
      }
      t.matched = matched;
      t.limit = PAGE;
      self.render(t);
      self.markEmpty(t, matched.length);
      Array.prototype.forEach.call(t.table.tHead ? t.table.tHead.rows[0].cells : [], function (th, i) {
        if (COLUMNS[i] === self.state.sort) {
          th.setAttribute("aria-sort", self.state.order === "desc" ? "descending" : "ascending");
        } else {
          th.removeAttribute("aria-sort");
        }
      });
    });
    if (this.count) {
      var filtered = this.state.owner || this.state.series || this.state.overdue || this.state.q;
      this.count.textContent = filtered
        ? shown.toLocaleString("en-US") + " of " + actions(total) + " match."
        : actions(total) + ".";
    }
    if (this.asOf) {
      this.asOf.textContent = overdue.toLocaleString("en-US") + " overdue as of " + window.minutesDates.asOf() + ".";
    }
    writeState(this.state);
  };

  function actions(n) {
    return n.toLocaleString("en-US") + (n === 1 ? " action" : " actions");
  }

  /* Put the first t.limit matching rows into the table, in one step, and say how many. */
  TableBrowser.prototype.render = function (t) {
    var fragment = document.createDocumentFragment();
    var end = Math.min(t.limit, t.matched.length);
    for (var i = 0; i < end; i += 1) fragment.appendChild(t.matched[i].row);
    t.body.textContent = ""; /* detaches the rows shown; their records keep them */
    t.body.appendChild(fragment);
    this.updatePager(t, end);
  };

  /* Below a table with more than a page of matches: the count, "Show more", "Show all". */
  TableBrowser.prototype.updatePager = function (t, end) {
    var self = this;
    var count = t.matched.length;
    if (!t.pager) {
      if (count <= PAGE) return;
      t.pager = document.createElement("div");
      t.pager.className = "minutes-pager";
      t.pagerCount = document.createElement("p");
      t.pagerCount.className = "minutes-pager-count";
      t.pagerCount.setAttribute("aria-live", "polite");
      t.more = document.createElement("button");
      t.more.type = "button";
      t.more.className = "minutes-pager-more";
      t.all = document.createElement("button");
      t.all.type = "button";
      t.all.className = "minutes-pager-all";
      t.more.addEventListener("click", function () { self.showMore(t, t.limit + PAGE); });
      t.all.addEventListener("click", function () { self.showMore(t, t.matched.length); });
      t.pager.appendChild(t.pagerCount);
      t.pager.appendChild(t.more);
      t.pager.appendChild(t.all);
      var box = outer(t.table);
      box.parentNode.insertBefore(t.pager, box.nextSibling);
    }
    t.pager.hidden = count <= PAGE;
    if (t.pager.hidden) return;
    var rest = count - end;
    t.pagerCount.textContent = rest > 0
      ? "Showing 1\u2013" + end.toLocaleString("en-US") + " of " + actions(count) + "."
      : "Showing all " + actions(count) + ".";
    t.more.hidden = rest <= 0;
    t.more.textContent = "Show " + Math.min(PAGE, rest).toLocaleString("en-US") + " more";
    t.all.hidden = rest <= PAGE;
    t.all.textContent = "Show all " + count.toLocaleString("en-US");
  };

  /* Reveal rows up to ``limit``; focus moves to the first new row when its button goes. */
  TableBrowser.prototype.showMore = function (t, limit) {
    var first = t.limit;
    var fragment = document.createDocumentFragment();
    var end = Math.min(limit, t.matched.length);
    for (var i = first; i < end; i += 1) fragment.appendChild(t.matched[i].row);
    t.body.appendChild(fragment);
    t.limit = end;
    var focused = document.activeElement;
    this.updatePager(t, end);
    if (focused && (focused.hidden || (t.pager && t.pager.hidden)) && first < end) {
      var link = t.matched[first].row.querySelector("a[href]");
      if (link) link.focus();
    }
  };

  /* A grouped table with nothing left hides with its heading; a lone table says so. */
  TableBrowser.prototype.markEmpty = function (t, visible) {
    var heading = groupHeading(t.table);
    var box = outer(t.table);
    if (heading) {
      box.hidden = visible === 0;
      heading.hidden = visible === 0;
      return;
    }
    if (!t.empty) {
      t.empty = document.createElement("p");
      t.empty.className = "minutes-empty minutes-filter-empty";
      t.empty.textContent = "No actions match these filters.";
      box.parentNode.insertBefore(t.empty, box.nextSibling);
    }
    t.empty.hidden = visible !== 0;
  };

  function start() {
    if (window.minutesDates) window.minutesDates.mark(); /* the reader's date's marks first */
    var tables = Array.prototype.slice.call(document.querySelectorAll("table.minutes-action-table"));
    if (!tables.length) return;
    try {
      var browser = new TableBrowser(tables);
      browser.makeSortable();
      /* Tables marked minutes-sort-only (a person's own short lists) get no filter bar. */
      var filterable = tables.filter(function (table) { return !table.classList.contains("minutes-sort-only"); });
      var first = filterable.filter(function (table) { return !groupHeading(table); })[0] || filterable[0];
      if (first) {
        var anchor = groupHeading(first) || outer(first);
        anchor.parentNode.insertBefore(browser.buildToolbar(), anchor);
      }
      browser.update();
    } finally {
      /* the script's pages take over from the stylesheet's first page (or, should the
         script fail, every row shows again) */
      document.documentElement.classList.add("minutes-tables-ready");
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
