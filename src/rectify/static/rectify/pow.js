/* The opinion form's proof of work: fetch a challenge, find a nonce whose SHA-256 of
   "challenge:nonce" starts with `bits` zero bits, and fill the hidden fields. Plain JS SHA-256
   (crypto.subtle is missing on plain-http intranets). Without this script the form asks a
   question instead. */
(function () {
  "use strict";
  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
  var W = new Uint32Array(64);

  function sha256First32(bytes) {  /* returns the first 32 bits of the digest */
    var len = bytes.length, total = ((len + 9 + 63) >> 6) << 6, m = new Uint8Array(total);
    m.set(bytes); m[len] = 0x80;
    var bitLen = len * 8;
    m[total - 4] = bitLen >>> 24; m[total - 3] = bitLen >>> 16; m[total - 2] = bitLen >>> 8; m[total - 1] = bitLen;
    var h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a,
        h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    for (var off = 0; off < total; off += 64) {
      for (var i = 0; i < 16; i++) {
        var j = off + i * 4;
        W[i] = (m[j] << 24) | (m[j + 1] << 16) | (m[j + 2] << 8) | m[j + 3];
      }
      for (i = 16; i < 64; i++) {
        var x = W[i - 15], y = W[i - 2];
        var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
      }
      var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
      for (i = 0; i < 64; i++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
    }
    return h0 >>> 0;
  }

  function utf8(text) { return new TextEncoder().encode(text); }

  function solve(challenge, bits, done) {
    var nonce = 0, mask = bits >= 32 ? 0xffffffff : (~(0xffffffff >>> bits)) >>> 0;
    function chunk() {
      var end = nonce + 20000;
      for (; nonce < end; nonce++) {
        if ((sha256First32(utf8(challenge + ":" + nonce)) & mask) === 0) { done(String(nonce)); return; }
      }
      setTimeout(chunk, 0);
    }
    chunk();
  }

  function start(form) {
    var status = form.querySelector("[data-pow-status]");
    var fallback = form.querySelector("[data-pow-fallback]");
    var button = form.querySelector("button[type=submit]");
    if (status) status.textContent = "正在进行安全校验…";
    fetch(form.getAttribute("data-pow"), {credentials: "omit"}).then(function (r) { return r.json(); }).then(function (data) {
      solve(data.challenge, data.bits, function (nonce) {
        form.querySelector("[name=pow_challenge]").value = data.challenge;
        form.querySelector("[name=pow_nonce]").value = nonce;
        if (fallback) fallback.hidden = true;
        if (status) status.textContent = "安全校验已完成，可以提交。";
        form.setAttribute("data-pow-done", "");
        if (button) button.disabled = false;
      });
    }).catch(function () {
      if (status) status.textContent = "未能自动校验，请回答上面的问题。";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-pow]");
    for (var i = 0; i < forms.length; i++) start(forms[i]);
  });
})();
