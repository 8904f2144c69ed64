// bantin serve: the editor's desk. Plain JavaScript, nothing from the network: it talks
// only to the preview that served it, with the token the page carries.
(function () {
  "use strict";
  var W = JSON.parse(document.getElementById("desk-words").textContent);
  var TOKEN = document.querySelector('meta[name="bantin-token"]').content;
  var BASE = location.pathname.replace(/\/[^/]*$/, "");
  var $ = function (id) { return document.getElementById(id); };
  var data = { units: [], campaigns: [], documents: [], levels: [], kinds: [] };
  var state = { path: null, version: null, uploads: [], attachments: [], campaigns: [], based_on: [], review: [] };

  // As bantin folds Vietnamese for search: no diacritics, đ as d, lower case.
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function request(method, path, body, type) {
    var headers = { "X-Bantin-Token": TOKEN };
    if (body !== undefined) headers["Content-Type"] = type || "application/json";
    return fetch(BASE + path, {
      method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : (type ? body : JSON.stringify(body))
    }).then(function (r) {
      return r.text().then(function (t) {
        var v; try { v = JSON.parse(t); } catch (e) { v = { error: t }; }
        v.status = r.status; return v;
      });
    });
  }

  function say(text, bad) {
    var s = $("status"); s.textContent = text || ""; s.className = bad ? "bad" : "";
  }

  // ---- Pickers: search in the browser over folded names ------------------------------
  function entries(key) {
    if (key === "unit") return data.units;
    if (key === "campaigns") return data.campaigns;
    return data.documents.map(function (d) {
      var label = (d.number ? d.number + " — " : "") + d.title;
      return { name: d.number || d.title, label: label, key: d.key, also: "" };
    });
  }

  function search(key, query) {
    var q = fold(query), out = [], list = entries(key);
    if (!q) return out;
    var words = q.split(" ");
    for (var i = 0; i < list.length && out.length < 12; i++) {
      var e = list[i], hay = e.key + " | " + e.also;
      var all = true;
      for (var j = 0; j < words.length; j++) if (hay.indexOf(words[j]) < 0) { all = false; break; }
      if (all) out.push(e);
    }
    return out;
  }

  function setupPicker(input) {
    var key = input.dataset.picker, many = !!input.dataset.many;
    var list = $(key + "-list"), active = -1, shown = [];
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; }
    function choose(e) {
      if (many) { if (state[key].indexOf(e.name) < 0) state[key].push(e.name); input.value = ""; renderChips(key); }
      else input.value = e.name;
      close(); input.focus(); changed();
    }
    function render() {
      shown = search(key, input.value);
      list.textContent = "";
      if (!input.value.trim()) return close();
      if (!shown.length) {
        var none = document.createElement("li"); none.className = "none"; none.setAttribute("role", "option");
        none.setAttribute("aria-disabled", "true"); none.id = key + "-none";
        none.textContent = W["desk-ui-no-match"]; list.appendChild(none);
      }
      shown.forEach(function (e, i) {
        var li = document.createElement("li");
        li.id = key + "-opt-" + i; li.setAttribute("role", "option");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        li.textContent = e.label || e.name;
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(e); });
        list.appendChild(li);
      });
      list.hidden = false; input.setAttribute("aria-expanded", "true");
      if (active >= 0) input.setAttribute("aria-activedescendant", key + "-opt-" + active);
    }
    input.addEventListener("input", function () { active = -1; render(); });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!shown.length) return;
        ev.preventDefault();
        active = (active + (ev.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
        render();
      } else if (ev.key === "Enter" && !list.hidden) {
        ev.preventDefault();
        if (active >= 0) choose(shown[active]);
        else if (many && input.value.trim()) choose({ name: input.value.trim() });
        else close();
      } else if (ev.key === "Escape") close();
    });
  }

  function renderChips(key) {
    var ul = $(key + "-chips"); ul.textContent = "";
    state[key].forEach(function (name, i) {
      var li = document.createElement("li"); li.textContent = name + " ";
      var b = document.createElement("button"); b.type = "button";
      b.textContent = "×"; b.setAttribute("aria-label", W["desk-ui-remove"] + " " + name);
      b.addEventListener("click", function () { state[key].splice(i, 1); renderChips(key); changed(); $(key).focus(); });
      li.appendChild(b); ul.appendChild(li);
    });
  }

  // ---- Deadlines and attachments -----------------------------------------------------
  var rows = 0;
  function addDeadline(d) {
    d = d || { date: "", what: "", by: [] };
    var n = rows++, div = document.createElement("div"); div.className = "deadline";
    [["date", "desk-ui-deadline-date", d.date], ["what", "desk-ui-deadline-what", d.what],
      ["by", "desk-ui-deadline-by", (d.by || []).join(", ")]].forEach(function (f) {
      var id = "deadline-" + n + "-" + f[0];
      var label = document.createElement("label"); label.htmlFor = id; label.textContent = W[f[1]];
      var input = document.createElement("input"); input.id = id; input.type = "text";
      input.dataset.part = f[0]; input.value = f[2] || ""; input.addEventListener("change", changed);
      div.appendChild(label); div.appendChild(input);
    });
    var b = document.createElement("button"); b.type = "button"; b.textContent = W["desk-ui-remove"];
    b.addEventListener("click", function () { div.remove(); changed(); });
    div.appendChild(b); $("deadline-rows").appendChild(div);
  }

  function renderAttachments() {
    var ul = $("attachment-list"); ul.textContent = "";
    state.attachments.forEach(function (name, i) {
      var li = document.createElement("li"); li.textContent = name + " ";
      var b = document.createElement("button"); b.type = "button"; b.textContent = W["desk-ui-remove"];
      b.setAttribute("aria-label", W["desk-ui-remove"] + " " + name);
      b.addEventListener("click", function () {
        state.attachments.splice(i, 1);
        state.uploads = state.uploads.filter(function (u) { return u.name !== name; });
        renderAttachments(); changed();
      });
      li.appendChild(b); ul.appendChild(li);
    });
  }

  function upload(file, route) {
    return file.arrayBuffer().then(function (bytes) {
      return request("POST", route + "?ten=" + encodeURIComponent(file.name), bytes, "application/octet-stream");
    });
  }

  // ---- The form and its fields -------------------------------------------------------
  var lines = function (id) { return $(id).value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean); };

  function fields() {
    var deadlines = Array.prototype.map.call(document.querySelectorAll("#deadline-rows .deadline"), function (div) {
      var part = function (p) { return div.querySelector('[data-part="' + p + '"]').value; };
      return { date: part("date"), what: part("what"), by: part("by").split(",").map(function (s) { return s.trim(); }).filter(Boolean) };
    });
    return {
      title: $("title").value, kind: $("kind").value, number: $("number").value, date: $("date").value,
      year: $("year").value, place: $("place").value, unit: $("unit").value,
      campaigns: state.campaigns.slice(), recipients: lines("recipients"), based_on: state.based_on.slice(),
      reports_on: $("reports_on").value, summary: $("summary").value, tags: lines("tags"),
      signer: { name: $("signer-name").value, title: $("signer-title").value, on_behalf: $("signer-on_behalf").value },
      period: { from: $("period-from").value, to: $("period-to").value },
      deadlines: deadlines, draft: $("draft").checked, attachments: state.attachments.slice()
    };
  }

  function fill(f, body) {
    f = f || {};
    ["title", "number", "date", "year", "place", "unit", "reports_on", "summary"].forEach(function (k) { $(k).value = f[k] || ""; });
    $("kind").value = f.kind || "";
    $("recipients").value = (f.recipients || []).join("\n");
    $("tags").value = (f.tags || []).join("\n");
    var s = f.signer || {};
    $("signer-name").value = s.name || ""; $("signer-title").value = s.title || ""; $("signer-on_behalf").value = s.on_behalf || "";
    var p = f.period || {};
    $("period-from").value = p.from || ""; $("period-to").value = p.to || "";
    $("draft").checked = !!f.draft;
    state.campaigns = (f.campaigns || []).slice(); state.based_on = (f.based_on || []).slice();
    state.attachments = (f.attachments || []).slice();
    renderChips("campaigns"); renderChips("based_on"); renderAttachments();
    $("deadline-rows").textContent = "";
    (f.deadlines || []).forEach(addDeadline);
    $("body").value = body || "";
    markReview();
  }

  // Fields the importer was unsure of.
  function markReview() {
    Array.prototype.forEach.call(document.querySelectorAll(".review"), function (e) { e.remove(); });
    state.review.forEach(function (key) {
      var label = document.querySelector('label[for="' + key + '"]') ||
        document.querySelector("#f-" + key + " legend");
      if (!label) return;
      var mark = document.createElement("span"); mark.className = "review"; mark.textContent = " (" + W["desk-ui-review"] + ")";
      label.appendChild(mark);
    });
  }

  var FIELD_OF = { signer: "signer-msg", period: "period-msg", deadlines: "deadlines-msg", attachments: "attachments-msg" };

  function showMessages(v) {
    Array.prototype.forEach.call(document.querySelectorAll(".msg"), function (m) {
      if (!/^(new-|import-)/.test(m.id)) m.textContent = "";
    });
    Array.prototype.forEach.call(document.querySelectorAll("[aria-invalid]"), function (e) { e.removeAttribute("aria-invalid"); });
    (v.messages || []).forEach(function (m) {
      var box = $(FIELD_OF[m.field] || (m.field + "-msg")) || $("general-msg");
      var p = document.createElement("p"); p.className = m.error ? "error" : "warning";
      p.textContent = m.code + ": " + m.text + (m.help ? " — " + m.help : "");
      box.appendChild(p);
      var control = $(m.field);
      if (control && m.error) control.setAttribute("aria-invalid", "true");
    });
    if (v.comments_lost && v.comments_lost.length) {
      var p = document.createElement("p"); p.className = "warning";
      p.textContent = W["desk-ui-comments-lost"].replace("{keys}", v.comments_lost.join(", "));
      $("general-msg").appendChild(p);
    }
    if (v.date && $("date").value && v.date !== $("date").value && !/[^0-9-]/.test(v.date)) $("date").value = v.date;
  }

  function payload() {
    return { path: state.path, version: state.version, fields: fields(), body: $("body").value,
      uploads: state.uploads.map(function (u) { return u.id; }) };
  }

  var timer = null, saves = 0;
  function changed() { clearTimeout(timer); timer = setTimeout(check, 600); }

  function check() {
    var since = saves;
    return request("POST", "/kiem-tra", payload()).then(function (v) {
      // A save answered meanwhile: its word, with the link to the page, stands.
      if (since !== saves) return v;
      if (v.error && !v.messages) { say(v.error, true); return v; }
      showMessages(v);
      say(v.errors ? W["desk-ui-errors"].replace("{count}", v.errors) : W["desk-ui-ok"], v.errors > 0);
      return v;
    });
  }

  function save(draft) {
    clearTimeout(timer); saves += 1;
    if (draft) $("draft").checked = true;
    say(W["desk-ui-checking"]);
    return request("POST", "/luu", payload()).then(function (v) {
      if (v.status === 200) {
        state.path = v.path; state.version = v.version; state.uploads = [];
        showMessages(v);
        var s = $("status"); s.className = ""; s.textContent = W["desk-ui-saved"].replace("{path}", v.path) + " ";
        var a = document.createElement("a"); a.href = v.url; a.textContent = W["desk-ui-see-page"]; a.id = "see-page";
        s.appendChild(a);
        $("heading").textContent = W["desk-ui-editing"];
        history.replaceState(null, "", BASE + "/?duong-dan=" + encodeURIComponent(v.path));
        return v;
      }
      if (v.messages) showMessages(v);
      say(v.error || String(v.status), true);
      if (v.changed) {
        var b = document.createElement("button"); b.type = "button"; b.textContent = W["desk-ui-reload"];
        b.addEventListener("click", function () { open("duong-dan=" + encodeURIComponent(state.path)); });
        $("status").appendChild(document.createTextNode(" ")); $("status").appendChild(b);
      }
      return v;
    });
  }

  function open(query) {
    return request("GET", "/van-ban?" + query).then(function (v) {
      if (v.new || v.status !== 200) { if (v.error) say(v.error, true); return; }
      state.path = v.path; state.version = v.version; state.review = []; state.uploads = [];
      fill(v.fields, v.body);
      $("heading").textContent = W["desk-ui-editing"];
      check();
    });
  }

  function importFile(file) {
    var msg = $("import-msg"); msg.textContent = W["desk-ui-checking"];
    return upload(file, "/nhap").then(function (v) {
      if (v.status !== 200) { msg.textContent = v.error || String(v.status); msg.className = "msg error"; return; }
      msg.textContent = file.name; msg.className = "msg";
      state.path = null; state.version = null;
      state.review = v.review || [];
      state.uploads = [];
      if (v.original) state.uploads.push(v.original);
      (v.images || []).forEach(function (i) { state.uploads.push(i); });
      fill(v.fields, v.body);
      state.attachments = state.uploads.map(function (u) { return u.name; });
      renderAttachments();
      $("heading").textContent = W["desk-ui-new"];
      check();
    });
  }

  // ---- Body editor helpers -----------------------------------------------------------
  var SNIPPETS = {
    h: "\n## ", ul: "\n- ", ol: "\n1. ",
    table: "\n| Cột 1 | Cột 2 |\n|---|---|\n|  |  |\n", link: "[chữ](https://)"
  };
  function insert(what) {
    var t = $("body"), at = t.selectionStart, text = SNIPPETS[what];
    var selected = t.value.slice(at, t.selectionEnd);
    if (what === "link" && selected) text = "[" + selected + "](https://)";
    t.setRangeText(text, at, t.selectionEnd, "end");
    t.focus(); changed();
  }

  // ---- Registries ----------------------------------------------------------------------
  function addEntry(kind) {
    var unit = kind === "unit", input = $(unit ? "new-unit" : "new-campaign"), msg = $(input.id + "-msg");
    var body = { name: input.value };
    if (unit) { body.level = $("new-unit-level").value; body.parent = $("new-unit-parent").value; }
    return request("POST", unit ? "/don-vi" : "/chien-dich", body).then(function (v) {
      if (v.status !== 200) { msg.textContent = v.error; msg.className = "msg error"; return; }
      msg.textContent = ""; input.value = "";
      return loadData().then(function () {
        if (unit) $("unit").value = v.name;
        else { state.campaigns.push(v.name); renderChips("campaigns"); }
        $(unit ? "add-unit" : "add-campaign").open = false;
        changed();
      });
    });
  }

  function loadData() {
    return request("GET", "/du-lieu").then(function (v) { if (v.units) data = v; });
  }

  // ---- Start -----------------------------------------------------------------------------
  loadData().then(function () {
    var kind = $("kind");
    kind.appendChild(document.createElement("option"));
    data.kinds.forEach(function (k) {
      var o = document.createElement("option"); o.value = k.key; o.textContent = k.name; kind.appendChild(o);
    });
    var level = $("new-unit-level");
    level.appendChild(document.createElement("option"));
    data.levels.forEach(function (l) {
      var o = document.createElement("option"); o.value = l.key; o.textContent = l.name; level.appendChild(o);
    });
    var q = location.search.slice(1);
    if (/(^|&)(duong-dan|trang)=/.test(q)) return open(q);
    fill({ kind: "plan" }, "");
  }).catch(function (e) {
    say(String(e), true);
    document.documentElement.dataset.error = String(e && e.stack || e);
  }).then(function () { document.documentElement.dataset.ready = "1"; });

  Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), setupPicker);
  Array.prototype.forEach.call(document.querySelectorAll("[data-insert]"), function (b) {
    b.addEventListener("click", function () { insert(b.dataset.insert); });
  });
  $("doc").addEventListener("change", changed);
  $("doc").addEventListener("submit", function (ev) { ev.preventDefault(); save(false); });
  $("save-draft").addEventListener("click", function () { save(true); });
  $("check").addEventListener("click", check);
  // The body as its page will show it, rendered by the preview with the build's renderer.
  $("show-preview").addEventListener("click", function () {
    request("POST", "/xem-truoc", { body: $("body").value }).then(function (v) {
      var box = $("preview");
      box.innerHTML = v.html || "";
      box.hidden = false;
    });
  });
  $("add-deadline").addEventListener("click", function () { addDeadline(); });
  $("new-unit-add").addEventListener("click", function () { addEntry("unit"); });
  $("new-campaign-add").addEventListener("click", function () { addEntry("campaign"); });
  $("attach").addEventListener("change", function () {
    Array.prototype.forEach.call(this.files, function (file) {
      upload(file, "/tep").then(function (v) {
        if (v.status !== 200) { $("attachments-msg").textContent = v.error; return; }
        state.uploads.push(v); state.attachments.push(v.name); renderAttachments(); changed();
      });
    });
    this.value = "";
  });
  $("import-file").addEventListener("change", function () { if (this.files[0]) importFile(this.files[0]); this.value = ""; });
  var drop = $("drop");
  ["dragenter", "dragover"].forEach(function (n) {
    drop.addEventListener(n, function (ev) { ev.preventDefault(); drop.classList.add("over"); });
  });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (ev) {
    ev.preventDefault(); drop.classList.remove("over");
    if (ev.dataTransfer.files[0]) importFile(ev.dataTransfer.files[0]);
  });
  window.__desk = { importFile: importFile, save: save, check: check, fold: fold, search: search };
})();
