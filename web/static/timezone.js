// Pick the browser's time zone in the list, so "today" is the runner's own date.
(function () {
  var field = document.getElementById("timezone");
  if (!field || field.getAttribute("data-guess") !== "browser") return;
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    if (field.querySelector('option[value="' + zone.replace(/"/g, "") + '"]')) field.value = zone;
  } catch (e) { /* no Intl: the list keeps UTC */ }
})();
