// The console's few browser helpers (called through IJSRuntime).
window.starConsole = {
    // After a refused submission: the first field marked invalid, else the problem summary.
    focusFirstProblem() {
        const main = document.getElementById("main") ?? document;
        const target = main.querySelector("[aria-invalid=true]") ?? main.querySelector(".problem[role=alert]");
        if (target) {
            if (!target.matches("input, select, textarea, button, a[href]") && !target.hasAttribute("tabindex")) {
                target.setAttribute("tabindex", "-1");
            }
            target.focus();
        }
    },
    // The cursor to one element by id (a refresh after a conflict, a confirmation's button).
    focusElement(id) {
        document.getElementById(id)?.focus();
    },
    // The browser downloads a file the server made (the case list's export).
    download(name, contentType, base64) {
        const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
        const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
        const a = document.createElement("a");
        a.href = url;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
};
