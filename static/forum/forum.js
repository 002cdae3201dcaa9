/* The forum's behaviour, loaded by board_base.html. Everything here is an extra: without
   JavaScript the forum works the same (reload for new replies, type names by hand). */
(function () {
  "use strict";

  /* --- Live replies: ask every few seconds whether a reply arrived. The server answers 304
     (no body, nothing rendered) while the ETag we hold is current. */
  function startLiveReplies(section) {
    var url = section.dataset.liveUrl;
    var after = section.dataset.after || "0";
    var interval = parseInt(section.dataset.interval, 10) || 5000;
    var list = section.querySelector(".live-posts");
    var etag = null;

    function schedule() { window.setTimeout(poll, document.hidden ? interval * 3 : interval); }

    function poll() {
      var headers = { "Accept": "application/json" };
      if (etag) { headers["If-None-Match"] = etag; }
      fetch(url + "?after=" + encodeURIComponent(after), { headers: headers, credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (response.status === 304) { return null; }
          if (!response.ok) { throw new Error(response.status); }
          etag = response.headers.get("ETag");
          return response.json();
        })
        .then(function (data) {
          if (!data) { return; }
          if (data.html) {
            var template = document.createElement("template");
            template.innerHTML = data.html;
            Array.prototype.forEach.call(template.content.querySelectorAll("[data-post-id]"), function (post) {
              if (!document.getElementById(post.id)) { list.appendChild(post); }
            });
          }
          if (data.last_post_id) { after = String(data.last_post_id); }
        })
        .catch(function () { /* a failed check is retried at the next tick */ })
        .then(schedule);
    }
    schedule();
  }

  /* --- @mentions: after "@" and two letters, offer the names of members who may read the forum. */
  function startMentions(textarea, context) {
    var url = context.dataset.mentionUrl;
    var forum = context.dataset.forum || "";
    var box = document.createElement("ul");
    box.className = "mention-list";
    box.setAttribute("role", "listbox");
    box.id = textarea.id + "-mentions";
    box.hidden = true;
    textarea.parentNode.insertBefore(box, textarea.nextSibling);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", box.id);
    var items = [], active = -1, token = null, seq = 0;

    function close() { box.hidden = true; box.innerHTML = ""; items = []; active = -1; textarea.removeAttribute("aria-activedescendant"); }

    function currentToken() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = /(^|\s)@([^\s@][^@\n]{1,40})$/.exec(before);
      if (!match || match[2].split(/\s+/).length > 3) { return null; }
      return { start: before.length - match[2].length - 1, text: match[2] };
    }

    function highlight(index) {
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) { textarea.setAttribute("aria-activedescendant", items[index].id); }
    }

    function choose(index) {
      if (!token || index < 0 || !items[index]) { return; }
      var name = items[index].dataset.name;
      var end = token.start + 1 + token.text.length;
      textarea.value = textarea.value.slice(0, token.start) + "@" + name + " " + textarea.value.slice(end);
      var caret = token.start + name.length + 2;
      textarea.setSelectionRange(caret, caret);
      close();
      textarea.focus();
    }

    textarea.addEventListener("input", function () {
      token = currentToken();
      if (!token || token.text.trim().length < 2) { close(); return; }
      var mine = ++seq;
      fetch(url + "?forum=" + encodeURIComponent(forum) + "&q=" + encodeURIComponent(token.text), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          if (mine !== seq) { return; }
          box.innerHTML = "";
          items = data.results.map(function (person, i) {
            var li = document.createElement("li");
            li.id = box.id + "-" + i;
            li.setAttribute("role", "option");
            li.dataset.name = person.name;
            li.textContent = person.name;
            li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
            box.appendChild(li);
            return li;
          });
          box.hidden = items.length === 0;
          highlight(items.length ? 0 : -1);
        })
        .catch(close);
    });
    textarea.addEventListener("keydown", function (event) {
      if (box.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (event.key === "Enter" || event.key === "Tab") { event.preventDefault(); choose(active); }
      else if (event.key === "Escape") { close(); }
    });
    textarea.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var live = document.querySelector("[data-live-url]");
    if (live && window.fetch) { startLiveReplies(live); }
    var context = document.getElementById("forum-context");
    if (context && window.fetch) {
      Array.prototype.forEach.call(document.querySelectorAll("textarea[data-mentions]"), function (t) { startMentions(t, context); });
    }
  });
})();
