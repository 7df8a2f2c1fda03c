// A test CAPTCHA for the demo, with Cloudflare Turnstile's script API (`turnstile.render`), so the
// widget uses it exactly as it would use the real service (captcha="turnstile" captcha-script-url=…).
// Ticking "I am human" yields a token that the emulator's test provider accepts.
window.turnstile = {
  render(container, options) {
    const label = document.createElement('label');
    label.style.cssText =
      'display:flex;gap:.5rem;align-items:center;padding:.75rem;border:1px solid #999;border-radius:.25rem';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.addEventListener('change', () => {
      if (box.checked) options.callback(`pass-${options.sitekey}-${Date.now()}`);
    });
    label.append(box, document.createTextNode('I am human (test CAPTCHA)'));
    container.append(label);
    return 'test-captcha';
  },
};
