// Carriers page: a chosen CSV file is read into the textarea, so the form posts plain text.
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[type=file][data-fills]")) {
    input.addEventListener("change", () => {
      const target = document.getElementById(input.dataset.fills);
      const file = input.files && input.files[0];
      if (!target || !file) return;
      file.text().then((text) => { target.value = text; });
    });
  }
});
