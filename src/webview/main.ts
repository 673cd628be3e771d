// Webview entry point; the replay and live panels are mounted here.
const root = document.getElementById('app');
if (root) root.textContent = 'Landmark Lens';
