// Progressive enhancement for the AI use-case catalogue.
//
// Everything on the site works with JavaScript off: search and filters are
// plain GET forms, and every selected filter has a link that removes it. This
// module only adds to that:
//
// 1. the `js-enabled` and `nhsuk-frontend-supported` body classes that the
//    NHS.UK page template sets with an inline <script> (our
//    Content-Security-Policy allows scripts from 'self' only);
// 2. NHS.UK frontend's components (header menu, skip link, checkboxes...),
//    through `initAll` from its ES module bundle;
// 3. on /search, ticking or unticking a filter applies it straight away, and
//    focus returns to that checkbox once the new page has loaded.

const FOCUS_KEY = 'catalogue:filter-focus'

document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('nhsuk-frontend-supported')
}

// Imported dynamically so that the filters below still work if the vendor
// bundle is missing or fails.
import('/static/vendor/nhsuk/nhsuk-frontend.min.js')
  .then((nhsuk) => {
    if (typeof nhsuk.initAll === 'function') {
      nhsuk.initAll()
    }
  })
  .catch((error) => {
    console.warn('NHS.UK frontend components were not started:', error)
  })

function rememberFocus (input) {
  try {
    window.sessionStorage.setItem(
      FOCUS_KEY,
      JSON.stringify({ name: input.name, value: input.value })
    )
  } catch {
    // Storage can be disabled; focus then simply starts at the top.
  }
}

function restoreFocus (form) {
  let saved = null
  try {
    saved = JSON.parse(window.sessionStorage.getItem(FOCUS_KEY) || 'null')
    window.sessionStorage.removeItem(FOCUS_KEY)
  } catch {
    return
  }
  if (!saved) {
    return
  }
  const input = Array.from(form.querySelectorAll('input[type="checkbox"]')).find(
    (box) => box.name === saved.name && box.value === saved.value
  )
  if (input) {
    input.focus()
  }
}

function autoSubmitFilters () {
  const form = document.querySelector('form[data-auto-submit]')
  if (!form) {
    return
  }
  restoreFocus(form)
  form.addEventListener('change', (event) => {
    const input = event.target
    if (!(input instanceof HTMLInputElement) || input.type !== 'checkbox') {
      return
    }
    rememberFocus(input)
    form.classList.add('app-filters--updating')
    if (typeof form.requestSubmit === 'function') {
      form.requestSubmit()
    } else {
      form.submit()
    }
  })
}

autoSubmitFilters()
