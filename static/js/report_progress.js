// The report progress bar: polls the report's progress and reloads once it is ready.
// Without JavaScript the page's Refresh header reloads it instead.
const box = document.getElementById("report-progress");
if (box) {
  const bar = document.getElementById("report-progress-bar");
  const stage = document.getElementById("report-stage");
  const poll = async () => {
    const response = await fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" } });
    if (response.ok) {
      const report = await response.json();
      bar.value = report.progress;
      bar.textContent = `${report.progress}%`;
      stage.textContent = `${report.stage || report.status} (${report.progress}%)`;
      if (report.finished) {
        window.setTimeout(() => window.location.reload(), 600);
        return;
      }
    }
    window.setTimeout(poll, 700);
  };
  poll();
}
