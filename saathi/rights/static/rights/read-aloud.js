// Read aloud (an enhancement): a button beside each [data-read] block, only where the
// phone's browser has a voice for the page's language. Nothing happens without it.
(function () {
  "use strict";
  if (!("speechSynthesis" in window)) return;
  var lang = document.documentElement.lang || "en";
  function voiceFor() {
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf(lang) === 0) return voices[i];
    }
    return null;
  }
  function add() {
    var voice = voiceFor();
    if (!voice) return;
    var blocks = document.querySelectorAll("[data-read]");
    for (var i = 0; i < blocks.length; i++) {
      (function (el) {
        if (el.querySelector(".read-aloud")) return;
        var b = document.createElement("button");
        b.type = "button";
        b.className = "btn secondary compact read-aloud";
        b.textContent = "\u25B6";
        var m = document.querySelector('meta[name="read-aloud-label"]');
        b.setAttribute("aria-label", m ? m.content : "Read aloud");
        b.addEventListener("click", function () {
          window.speechSynthesis.cancel();
          var u = new SpeechSynthesisUtterance(el.innerText);
          u.lang = voice.lang;
          u.voice = voice;
          window.speechSynthesis.speak(u);
        });
        el.appendChild(b);
      })(blocks[i]);
    }
  }
  add();
  window.speechSynthesis.addEventListener("voiceschanged", add);
})();
