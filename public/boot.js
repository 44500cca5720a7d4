// The first paint, before any WebAssembly arrives: the page's frame and "Loading the checker…" in
// the visitor's language (the one chosen before, else the browser's first that castcheck speaks).
// The app removes #boot when it mounts.
(function () {
  var words = {
    en: 'Loading the checker… It runs on this device.',
    es: 'Cargando el verificador… Funciona en este dispositivo.',
    vi: 'Đang tải trình kiểm tra… Nó chạy trên thiết bị này.',
    ar: 'جارٍ تحميل أداة التحقق… تعمل على هذا الجهاز.'
  };
  var tags = [];
  try { tags.push(localStorage.getItem('castcheck-lang') || ''); } catch (e) { /* storage off */ }
  tags = tags.concat(navigator.languages || [navigator.language || '']);
  var lang = 'en';
  for (var i = 0; i < tags.length; i++) {
    var primary = String(tags[i] || '').split(/[-_]/)[0].toLowerCase();
    if (words[primary]) { lang = primary; break; }
  }
  var html = document.documentElement;
  html.lang = lang;
  html.dir = lang === 'ar' ? 'rtl' : 'ltr';
  var text = document.getElementById('boot-text');
  if (text) { text.textContent = words[lang]; }
})();
