// Proof of work for public forms under load (issue 11, item 2). No inline script (CSP).
// The server puts <input name="pow_token" data-pow-challenge data-pow-bits> in the form;
// on submit this finds s such that SHA-256("<challenge>:<s>") starts with <bits> zero bits
// and sends "<challenge>:<s>". Without JavaScript (or without crypto.subtle) the form is
// sent as it is, and the server accepts the token once its waiting time has passed.
(function () {
  "use strict";
  function zeroBits(bytes) {
    var bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { bits += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { bits += 1; b <<= 1; }
      return bits;
    }
    return bits;
  }
  async function solve(challenge, bits) {
    var encoder = new TextEncoder();
    for (var n = 0; ; n++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + n));
      if (zeroBits(new Uint8Array(digest)) >= bits) { return String(n); }
    }
  }
  function attach(input) {
    var form = input.form;
    if (!form || !window.crypto || !crypto.subtle || !window.TextEncoder) { return; }
    var solved = false;
    form.addEventListener("submit", function (event) {
      if (solved) { return; }
      event.preventDefault();
      var status = form.querySelector("[data-pow-status]");
      if (status) { status.hidden = false; }
      var challenge = input.getAttribute("data-pow-challenge");
      var bits = parseInt(input.getAttribute("data-pow-bits"), 10) || 0;
      solve(challenge, bits).then(function (solution) {
        input.value = challenge + ":" + solution;
        solved = true;
        var submitter = event.submitter;
        if (submitter && submitter.name) {
          var carried = document.createElement("input");
          carried.type = "hidden";
          carried.name = submitter.name;
          carried.value = submitter.value;
          form.appendChild(carried);
        }
        HTMLFormElement.prototype.submit.call(form);
      }).catch(function () {
        HTMLFormElement.prototype.submit.call(form);  // the server's wait path still applies
      });
    });
  }
  document.querySelectorAll("input[data-pow-challenge]").forEach(attach);
})();
