// A little progressive enhancement; every page works as plain HTML forms without it.
(function () {
  "use strict";

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.querySelector(button.getAttribute("data-copy"));
      var status = document.querySelector("[data-copy-status]");
      field.select();
      var done = function () { if (status) { status.textContent = "Link copied."; } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });

  var ACCEPTED = { "application/pdf": true, "image/png": true, "image/jpeg": true };
  var MAX_BYTES = 25 * 1024 * 1024;

  function Uploader(root) {
    this.root = root;
    this.drop = root.querySelector(".drop");
    this.input = root.querySelector("[data-file]");
    this.progress = root.querySelector("[data-progress]");
    this.status = root.querySelector("[data-status]");
    this.result = root.querySelector("[data-result]");
    this.busy = false;
    var self = this;
    this.input.addEventListener("change", function () { if (self.input.files.length) { self.send(self.input.files[0]); } });
    ["dragenter", "dragover"].forEach(function (name) {
      self.drop.addEventListener(name, function (e) { e.preventDefault(); self.drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      self.drop.addEventListener(name, function (e) { e.preventDefault(); self.drop.classList.remove("over"); });
    });
    this.drop.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) { self.send(e.dataTransfer.files[0]); }
    });
  }

  Uploader.prototype.say = function (text) { this.status.textContent = text; };

  Uploader.prototype.ticket = function (file) {
    var url = this.root.getAttribute("data-ticket-url");
    var csrf = this.root.getAttribute("data-csrf");
    var init = csrf
      ? { method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: "csrf=" + encodeURIComponent(csrf) + "&content_type=" + encodeURIComponent(file.type) }
      : { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ content_type: file.type, filename: file.name }) };
    return fetch(url, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) { throw new Error(body.error || "The upload could not start (" + response.status + ")."); }
        return body;
      });
    });
  };

  Uploader.prototype.post = function (ticket, file) {
    var self = this;
    return new Promise(function (resolve, reject) {
      var form = new FormData();
      Object.keys(ticket.fields).forEach(function (name) { form.append(name, ticket.fields[name]); });
      form.append("file", file);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", ticket.url);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { self.progress.value = Math.round((100 * e.loaded) / e.total); }
      });
      xhr.addEventListener("load", function () {
        if (xhr.status >= 200 && xhr.status < 300) { self.progress.value = 100; resolve(); }
        else { reject(new Error("The file was not accepted by storage (" + xhr.status + "). Try again.")); }
      });
      xhr.addEventListener("error", function () { reject(new Error("The upload failed: check your connection and try again.")); });
      xhr.send(form);
    });
  };

  Uploader.prototype.send = function (file) {
    var self = this;
    if (this.busy) { return; }
    if (!ACCEPTED[file.type]) { this.say("Please choose a PDF, PNG or JPEG file."); return; }
    if (file.size > MAX_BYTES) { this.say("This file is larger than 25 MB. Please send a smaller scan."); return; }
    this.busy = true;
    this.progress.hidden = false;
    this.progress.value = 0;
    if (this.result) { this.result.hidden = true; }
    this.say("Uploading " + file.name + "…");
    this.ticket(file)
      .then(function (ticket) { return self.post(ticket, file).then(function () { return ticket; }); })
      .then(function (ticket) {
        self.busy = false;
        self.root.setAttribute("data-document-id", ticket.document_id);
        var register = self.root.getAttribute("data-register-url");
        if (register) {
          var body = "csrf=" + encodeURIComponent(self.root.getAttribute("data-csrf")) +
            "&key=" + encodeURIComponent(ticket.key) + "&title=" + encodeURIComponent(file.name) +
            "&content_type=" + encodeURIComponent(file.type);
          return fetch(register, { method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: body })
            .then(function () { window.location.reload(); });
        }
        if (self.root.getAttribute("data-status-url")) {
          self.say("Thank you: " + file.name + " was received. We are reading it now…");
          self.poll(ticket.document_id, 0);
        } else {
          self.say("Uploaded. It is read automatically and then appears under Needs review (reload this page).");
        }
      })
      .catch(function (error) { self.busy = false; self.progress.hidden = true; self.say(error.message); });
  };

  Uploader.prototype.poll = function (documentId, attempt) {
    var self = this;
    var url = this.root.getAttribute("data-status-url") + encodeURIComponent(documentId);
    fetch(url).then(function (response) {
      return response.json().then(function (body) { return { code: response.status, body: body }; });
    }).then(function (reply) {
      if (reply.code === 202) {
        if (attempt < 200) { window.setTimeout(function () { self.poll(documentId, attempt + 1); }, 2000); }
        return;
      }
      if (reply.code !== 200) { self.say(reply.body.error || "We could not get the result; your upload is safe."); return; }
      self.show(reply.body);
      if (!reply.body.review && attempt < 400) {
        window.setTimeout(function () { self.poll(documentId, attempt + 1); }, 10000);
      }
    }).catch(function () {
      window.setTimeout(function () { self.poll(documentId, attempt + 1); }, 5000);
    });
  };

  Uploader.prototype.show = function (result) {
    var title = this.root.querySelector("[data-result-title]");
    var list = this.root.querySelector("[data-problems]");
    var note = this.root.querySelector("[data-result-note]");
    var items = [];
    var review = result.review;
    list.textContent = "";
    this.root.setAttribute("data-result-status", review ? (review.accepted ? "accepted" : "rejected") : result.status);
    if (review && review.accepted) {
      title.textContent = "Your certificate was reviewed and accepted. Thank you.";
      note.textContent = review.notes_to_vendor || "";
    } else if (review) {
      title.textContent = "Your certificate was reviewed and not accepted yet. Please fix:";
      items = review.reasons;
      note.textContent = (review.notes_to_vendor ? review.notes_to_vendor + " " : "") +
        "Ask your broker for an updated certificate and upload it here.";
    } else if (result.unreadable) {
      title.textContent = "We could not read this file.";
      items = result.problems || [];  // why: empty, deleted, damaged, too large to read
      note.textContent = "Please upload a clearer scan or the original PDF from your broker.";
    } else if (result.compliant) {
      title.textContent = "Your certificate appears to meet the requirements.";
      note.textContent = "Our team will confirm it shortly.";
    } else {
      title.textContent = "Our automatic check found these problems:";
      items = result.problems || [];
      note.textContent = "Our team will review it too. You can upload an updated certificate from your broker at any time.";
    }
    items.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    this.say(review ? "Reviewed." : "Received and checked automatically; waiting for review.");
    this.result.hidden = false;
  };

  document.querySelectorAll("[data-uploader]").forEach(function (root) { new Uploader(root); });
})();
