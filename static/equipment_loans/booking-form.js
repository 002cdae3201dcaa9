// Booking request form: the return date cannot be before the pickup date nor beyond the
// longest booking (limits come from the page, in a json_script element). The server checks
// the same rules; this only saves a round trip.
(function () {
  "use strict";
  var limitsElement = document.getElementById("kit-form-limits");
  var pickup = document.getElementById("id_pickup_date");
  var back = document.getElementById("id_return_date");
  if (!limitsElement || !pickup || !back) { return; }
  var limits = JSON.parse(limitsElement.textContent);

  function iso(date) { return date.toISOString().slice(0, 10); }

  function update() {
    if (!pickup.value) { return; }
    var start = new Date(pickup.value + "T00:00:00Z");
    back.min = pickup.value;
    var last = new Date(start.getTime() + (limits.max_days - 1) * 86400000);
    back.max = iso(last);
    if (!back.value || back.value < pickup.value) { back.value = pickup.value; }
  }
  pickup.min = limits.today;
  pickup.addEventListener("change", update);
  update();
})();
