// The signing page: report opening and reaching the end of the document to the
// server, enable "Sign DPA" only once the server has recorded the end, and
// collect the browser footprint that goes into the evidence.
(function () {
  "use strict";
  var frame = document.getElementById("document-frame");
  var button = document.getElementById("sign-button");
  var state = document.getElementById("reading-state");
  if (!frame || !button) { return; }
  var csrf = document.querySelector("#sign-form input[name=csrfmiddlewaretoken]").value;
  var endReported = false;

  function report(event) {
    return fetch(frame.dataset.readingUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ fingerprint: frame.dataset.fingerprint, event: event })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.error || response.statusText); }
        return body;
      });
    });
  }

  function atEnd() {
    return frame.scrollTop + frame.clientHeight >= frame.scrollHeight - 8;
  }

  function checkEnd() {
    if (endReported || !atEnd()) { return; }
    endReported = true;
    report("end").then(function (body) {
      if (body.end_reached) {
        button.disabled = false;
        state.textContent = document.getElementById("reading-done").content.textContent;
        state.classList.add("ok");
      }
    }).catch(function (error) {
      endReported = false;
      state.textContent = error.message;
    });
  }

  function footprint() {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    return JSON.stringify({
      time_zone: zone,
      languages: (navigator.languages || [navigator.language]).join(", "),
      screen: screen.width + "x" + screen.height + "x" + screen.colorDepth,
      pixel_ratio: String(window.devicePixelRatio || 1),
      platform: navigator.platform || "",
      user_agent: navigator.userAgent
    });
  }

  document.getElementById("footprint").value = footprint();
  report("opened").then(checkEnd).catch(function (error) { state.textContent = error.message; });
  frame.addEventListener("scroll", checkEnd, { passive: true });
})();
