// ethos edit: send each change of the form to the editor, show the check's problems at
// their fields, save, and say when the file changed on disk. No library, nothing loaded
// from elsewhere; the editor's server does the YAML, the checking and the writing.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="ethos-token"]').content;
  var form = document.getElementById("form");
  var status = document.getElementById("status");
  var message = document.getElementById("message");
  var conflict = document.getElementById("conflict");
  var both = document.getElementById("both");
  var bothBox = document.getElementById("both-box");
  var saveButton = document.getElementById("save");
  var state = readState();
  var timers = {};
  var queue = Promise.resolve();

  function readState() {
    var element = document.getElementById("editor-state");
    return element ? JSON.parse(element.textContent) : {};
  }

  function post(url, body) {
    // One request at a time, in the order the changes were made.
    var sent = queue.then(function () {
      return fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Ethos-Token": token },
        body: JSON.stringify(body || {}),
        credentials: "same-origin",
      }).then(function (response) {
        return response.json().then(function (data) {
          return { status: response.status, data: data };
        });
      });
    });
    queue = sent.catch(function () {});
    return sent;
  }

  function send(change) {
    return post("/change", change).then(function (reply) {
      if (reply.data.form) replaceForm(reply.data.form);
      if (reply.data.state) show(reply.data.state);
      if (reply.status !== 200) say(reply.data.error);
      return reply;
    }, function () { say("The editor stopped answering: is ethos edit still running?"); });
  }

  function replaceForm(html) {
    var focused = document.activeElement && document.activeElement.id;
    var open = Array.prototype.map.call(form.querySelectorAll("details[open]"), function (d) {
      return d.id || (d.parentElement && d.parentElement.id + ">details");
    });
    form.innerHTML = html;
    open.forEach(function (id) {
      var details = document.getElementById(id);
      if (details && details.tagName === "DETAILS") details.open = true;
    });
    if (focused) {
      var again = document.getElementById(focused);
      if (again) again.focus();
    }
  }

  function show(next) {
    state = next;
    Array.prototype.forEach.call(form.querySelectorAll(".problems"), function (box) {
      box.textContent = "";
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (input) {
      input.removeAttribute("aria-invalid");
    });
    var summary = document.getElementById("problem-summary");
    var unplaced = [];
    state.problems.forEach(function (problem) {
      var box = problem.field && document.getElementById(problem.field + "-problems");
      if (!box) {
        unplaced.push(problem);
        return;
      }
      box.appendChild(problemLine(problem));
      var input = document.getElementById(problem.field);
      if (input && problem.severity === "error" && /INPUT|SELECT|TEXTAREA/.test(input.tagName)) {
        input.setAttribute("aria-invalid", "true");
      }
      var details = box.closest("details.policy");
      if (details && problem.severity === "error") details.open = true;
    });
    if (summary) {
      summary.textContent = "";
      if (state.problems.length) {
        var heading = document.createElement("p");
        heading.textContent = describe(state);
        summary.appendChild(heading);
        var list = document.createElement("ul");
        state.problems.forEach(function (problem) {
          var item = document.createElement("li");
          item.className = problem.severity;
          if (problem.field) {
            var link = document.createElement("a");
            link.href = "#" + problem.field;
            link.textContent = problem.text;
            item.appendChild(link);
          } else {
            item.textContent = problem.text;
          }
          list.appendChild(item);
        });
        summary.appendChild(list);
      }
    }
    status.textContent = describe(state);
    status.className = state.errors ? "invalid" : state.changed ? "changed" : "saved";
    saveButton.disabled = !state.changed && !state.conflict;
    conflict.hidden = !state.conflict;
  }

  function describe(current, lead) {
    var parts = [];
    if (current.errors) parts.push(current.errors + (current.errors === 1 ? " problem" : " problems") + " to fix before saving");
    if (current.warnings) parts.push(current.warnings + (current.warnings === 1 ? " warning" : " warnings"));
    var saved = lead || (current.changed ? "Unsaved changes." : "No unsaved changes.");
    return parts.length ? saved + " " + parts.join(", ") + "." : saved;
  }

  function problemLine(problem) {
    var line = document.createElement("p");
    line.className = "problem " + problem.severity;
    var where = document.createElement("code");
    where.textContent = problem.where + ":";
    line.appendChild(where);
    line.appendChild(document.createTextNode(" " + problem.message));
    return line;
  }

  function say(text) {
    message.hidden = !text;
    message.textContent = text || "";
  }

  function pathOf(element) {
    return JSON.parse(element.getAttribute("data-path"));
  }

  function changeOf(element) {
    var kind = element.getAttribute("data-kind");
    if (element.hasAttribute("data-language")) {
      return { op: "set_text", path: pathOf(element), language: element.getAttribute("data-language"), value: element.value };
    }
    if (kind === "choices") {
      var group = element.closest("fieldset");
      var chosen = Array.prototype.filter.call(group.querySelectorAll("input[type=checkbox]"), function (box) {
        return box.checked;
      }).map(function (box) { return box.value; });
      return { op: "set", path: pathOf(element), kind: "choices", value: chosen };
    }
    if (kind === "switch") {
      var off = element.hasAttribute("data-default-off") ? null : false;
      return { op: "set", path: pathOf(element), kind: "switch", value: element.checked ? true : off };
    }
    if (element.hasAttribute("data-clears")) {
      return { op: "delete", path: JSON.parse(element.getAttribute("data-clears")) };
    }
    return { op: "set", path: pathOf(element), kind: kind || "text", value: element.value };
  }

  // Typing: each field's change is sent once the typing pauses; a choice at once.
  form.addEventListener("input", function (event) {
    var element = event.target;
    if (!element.hasAttribute("data-path")) return;
    if (element.type === "radio" || element.type === "checkbox" || element.tagName === "SELECT") return;
    if (element.hasAttribute("data-language")) {
      element.parentElement.classList.toggle("missing", false);
    }
    clearTimeout(timers[element.id]);
    timers[element.id] = setTimeout(function () {
      delete timers[element.id];
      send(changeOf(element));
    }, 400);
  });
  form.addEventListener("change", function (event) {
    var element = event.target;
    if (!element.hasAttribute("data-path")) return;
    if (timers[element.id]) {
      clearTimeout(timers[element.id]);
      delete timers[element.id];
    } else if (element.tagName === "INPUT" && /text|number|date|email|url|tel/.test(element.type) || element.tagName === "TEXTAREA") {
      return; // already sent while typing
    }
    send(changeOf(element));
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) return;
    var action = button.getAttribute("data-action");
    var path = button.hasAttribute("data-path") ? pathOf(button) : null;
    var source = button.hasAttribute("data-source") && document.getElementById(button.getAttribute("data-source"));
    if (action === "delete") {
      send({ op: "delete", path: path });
    } else if (action === "append") {
      send({ op: "append", path: path, value: JSON.parse(button.getAttribute("data-item")) });
    } else if (action === "move") {
      send({ op: "move", path: path, to: Number(button.getAttribute("data-to")) });
    } else if (action === "own-wording") {
      send({ op: "set", path: path, kind: "mapping", value: { id: button.getAttribute("data-value") } });
    } else if (action === "append-value" && source && source.value) {
      send({ op: "append", path: ["values"], value: source.value });
    } else if (action === "append-own-value" && source) {
      if (!/^[a-z][a-z0-9_]{0,63}$/.test(source.value)) {
        say("A value's id is lower-case letters, digits and _, starting with a letter, e.g. sustainability.");
        source.focus();
        return;
      }
      say("");
      send({ op: "append", path: ["values"], value: { id: source.value } });
    } else if (action === "add-key" && source) {
      if (!/^[a-z][a-z0-9_]{0,63}$/.test(source.value)) {
        say("An id is lower-case letters, digits and _, starting with a letter.");
        source.focus();
        return;
      }
      say("");
      send({ op: "set", path: path.concat([source.value]), kind: "mapping", value: {} });
    }
  });

  function save(overwrite) {
    // Wait for the change being typed, then save.
    Object.keys(timers).forEach(function (id) {
      clearTimeout(timers[id]);
      delete timers[id];
      var element = document.getElementById(id);
      if (element) send(changeOf(element));
    });
    return post("/save", { overwrite: !!overwrite }).then(function (reply) {
      if (reply.data.form) replaceForm(reply.data.form);
      if (reply.data.state) show(reply.data.state);
      say(reply.status === 200 ? "" : reply.data.error);
      if (reply.status === 200) status.textContent = describe(reply.data.state, "Saved.");
    });
  }

  saveButton.addEventListener("click", function () { save(false); });
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      save(false);
    }
  });
  document.getElementById("overwrite").addEventListener("click", function () { save(true); });
  document.getElementById("reload").addEventListener("click", function () {
    post("/reload").then(function (reply) {
      replaceForm(reply.data.form);
      show(reply.data.state);
      bothBox.hidden = true;
      say("");
    });
  });
  document.getElementById("show-both").addEventListener("click", function () {
    fetch("/both", { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (data) {
      both.textContent = data.diff || "The two versions are the same.";
      bothBox.hidden = false;
      both.focus();
    });
  });

  var events = new EventSource("/events");
  events.addEventListener("disk", function (event) {
    if (event.data === "changed") {
      conflict.hidden = false;
      saveButton.disabled = false;
    } else {
      conflict.hidden = !state.conflict;
    }
  });

  show(state);
})();
