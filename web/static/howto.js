// A timer for holds and a counter for sets of reps, read from each exercise's dose.
// Without this script the dose and the numbered steps say the same; nothing is lost.
(function () {
  "use strict";

  // "5×45 s" → 5 holds of 45 s; "at least 90 s" → one hold; "2 min rest" → rest between holds.
  // "3×10–15" → 3 sets of 10–15 reps; "15–20 min" → one timer of 15 min.
  function parse(dose) {
    if (dose.indexOf("/") !== -1) return null;  // two timings in one dose (contrast bath): read it
    var rest = /(\d+)\s*min rest/.exec(dose);
    var hold = /(\d+)\s*×\s*(\d+)\s*s\b/.exec(dose) || /(?:^|\D)(\d+)()\s*s\b/.exec(dose);
    if (hold) {
      return { kind: "hold", sets: hold[2] ? +hold[1] : 1, seconds: +(hold[2] || hold[1]),
               rest: rest ? +rest[1] * 60 : 0 };
    }
    var reps = /(\d+)(?:–\d+)?\s*×\s*(\d+)(?:–(\d+))?/.exec(dose);
    if (reps) {
      return { kind: "reps", sets: +reps[1], reps: +reps[2],
               label: reps[3] ? reps[2] + "–" + reps[3] : reps[2] };
    }
    var minutes = /(\d+)(?:–\d+)?\s*min\b/.exec(dose);
    if (minutes) return { kind: "hold", sets: 1, seconds: +minutes[1] * 60, rest: 0 };
    return null;
  }

  function clock(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(text, className) {
    var node = element("button", className, text);
    node.type = "button";
    return node;
  }

  function buzz() {
    if (navigator.vibrate) navigator.vibrate(200);
  }

  function holdTimer(box, dose) {
    var status = element("p", "trainer-status");
    var face = element("p", "trainer-clock", clock(dose.seconds));
    var start = button("", "primary");
    var reset = button("Reset");
    var set = 1, ticking = null, phase = "ready";
    status.setAttribute("aria-live", "polite");
    face.setAttribute("aria-hidden", "true");  // the live status speaks; a ticking clock would chatter

    function show(text) { status.textContent = text; }
    function ready() {
      phase = "ready";
      face.textContent = clock(dose.seconds);
      start.textContent = dose.sets > 1 ? "Start " + (dose.seconds >= 60 ? "" : "hold ") + set + " of " + dose.sets : "Start";
      start.disabled = false;
    }
    function countdown(seconds, done) {
      var end = Date.now() + seconds * 1000;
      clearInterval(ticking);
      face.textContent = clock(seconds);
      ticking = setInterval(function () {
        var left = Math.max(0, Math.round((end - Date.now()) / 1000));
        face.textContent = clock(left);
        if (left === 0) { clearInterval(ticking); ticking = null; done(); }
      }, 250);
    }
    start.addEventListener("click", function () {
      if (phase !== "ready") return;
      phase = "holding";
      start.disabled = true;
      show((dose.sets > 1 ? "Hold " + set + " of " + dose.sets + ": " : "") + clock(dose.seconds) + " started.");
      countdown(dose.seconds, function () {
        buzz();
        if (set >= dose.sets) {
          phase = "done";
          show(dose.sets > 1 ? "All " + dose.sets + " done. Well done." : "Time is up. Well done.");
          start.textContent = "Done";
          return;
        }
        set += 1;
        if (dose.rest) {
          phase = "resting";
          show("Rest " + clock(dose.rest) + ", then hold " + set + ".");
          countdown(dose.rest, function () { buzz(); show("Rest over: start hold " + set + " when ready."); ready(); });
        } else {
          show("Done. Rest a moment, then start hold " + set + ".");
          ready();
        }
      });
    });
    reset.addEventListener("click", function () {
      clearInterval(ticking); ticking = null; set = 1; show(""); ready();
    });
    ready();
    box.append(face, status, start, reset);
  }

  function repCounter(box, dose) {
    var status = element("p", "trainer-status");
    var face = element("p", "trainer-clock");
    var count = button("Count a rep", "primary");
    var reset = button("Reset");
    var set = 1, reps = 0;
    status.setAttribute("aria-live", "polite");
    face.setAttribute("aria-hidden", "true");

    function draw() {
      face.textContent = reps + " / " + dose.label;
      status.textContent = "Set " + set + " of " + dose.sets + ": " + reps + " of " + dose.label + " reps.";
    }
    count.addEventListener("click", function () {
      if (set > dose.sets) return;
      reps += 1;
      if (reps < dose.reps) { draw(); return; }
      buzz();
      if (set === dose.sets) {
        face.textContent = "✓";
        status.textContent = "All " + dose.sets + " sets done. Well done.";
        count.disabled = true;
        set += 1;
        return;
      }
      status.textContent = "Set " + set + " done. Rest, then count set " + (set + 1) + ".";
      set += 1; reps = 0;
      face.textContent = "0 / " + dose.label;
    });
    reset.addEventListener("click", function () {
      set = 1; reps = 0; count.disabled = false; draw();
    });
    draw();
    box.append(face, status, count, reset);
  }

  document.querySelectorAll("[data-trainer]").forEach(function (box) {
    var dose = parse(box.getAttribute("data-dose") || "");
    if (!dose) return;
    var name = box.getAttribute("data-title") || "this exercise";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", (dose.kind === "hold" ? "Timer for " : "Rep counter for ") + name);
    (dose.kind === "hold" ? holdTimer : repCounter)(box, dose);
    box.hidden = false;
  });

  // Paper gets the steps too: open every how-to while printing, close them again after.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details.how-to"), function (d) {
      return !d.open;
    });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
  });
})();
