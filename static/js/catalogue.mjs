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
// 3. on /search, ticking or unticking a filter (or removing a selected one)
//    updates the results in place, as GOV.UK finders do: the new count is
//    announced through the page's aria-live region and put in the title, the
//    address changes (Back works), and focus stays on that checkbox. If the
//    update cannot be fetched, the browser simply loads the page;
// 4. from 768 px up the filter panel's <details> is kept open.

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

const DESKTOP = window.matchMedia('(min-width: 48.0625em)')
// The search the finder shows: popstate also fires for #fragment links (the
// skip link), which must not reload anything.
let shownSearch = window.location.search
// Each update's number: when boxes are ticked quickly, only the newest answer
// is shown, whatever order the answers arrive in.
let latestUpdate = 0

function finderParts (root) {
  return Array.from(root.querySelectorAll('[data-finder-part]'))
}

function keepFiltersOpen () {
  const toggle = document.getElementById('filter-toggle')
  if (toggle && DESKTOP.matches) {
    toggle.open = true
  }
}

function formUrl (form) {
  const params = new URLSearchParams(new FormData(form))
  return form.action.split('?')[0] + '?' + params.toString()
}

// Fetch a results page and swap in its finder parts, title and count.
async function updateFinder (url, { push = true, focus = null } = {}) {
  const form = document.getElementById('filters')
  const wasOpen = document.getElementById('filter-toggle')?.open
  form?.classList.add('app-filters--updating')
  const thisUpdate = ++latestUpdate
  let html
  try {
    const response = await fetch(url, { headers: { Accept: 'text/html' } })
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`)
    }
    html = await response.text()
  } catch {
    window.location.assign(url)
    return
  }
  if (thisUpdate !== latestUpdate) {
    return // a newer update is on its way
  }
  const fresh = new DOMParser().parseFromString(html, 'text/html')
  const parts = finderParts(document)
  const freshParts = finderParts(fresh)
  if (!parts.length || parts.length !== freshParts.length) {
    window.location.assign(url)
    return
  }
  parts.forEach((part, index) => part.replaceWith(freshParts[index]))
  document.title = fresh.title
  const status = document.getElementById('results-status')
  const freshStatus = fresh.getElementById('results-status')
  if (status && freshStatus) {
    status.className = freshStatus.className
    status.innerHTML = freshStatus.innerHTML
  }
  const toggle = document.getElementById('filter-toggle')
  if (toggle && wasOpen) {
    toggle.open = true
  }
  keepFiltersOpen()
  if (push) {
    window.history.pushState({ finder: true }, '', url)
  }
  shownSearch = new URL(url, window.location.href).search
  restoreFocus(focus)
}

function restoreFocus (saved) {
  const form = document.getElementById('filters')
  const input = saved && form
    ? Array.from(form.querySelectorAll('input[type="checkbox"]')).find(
      (box) => box.name === saved.name && box.value === saved.value
    )
    : null
  if (input) {
    input.focus()
    return
  }
  const heading = document.getElementById('results-count')
  if (saved && heading) {
    heading.setAttribute('tabindex', '-1')
    heading.focus()
  }
}

function enhanceFinder () {
  if (!document.getElementById('filters') || !window.fetch || !window.DOMParser) {
    return
  }
  keepFiltersOpen()
  DESKTOP.addEventListener('change', keepFiltersOpen)
  document.addEventListener('change', (event) => {
    const input = event.target
    if (
      !(input instanceof HTMLInputElement) ||
      input.type !== 'checkbox' ||
      input.form?.id !== 'filters'
    ) {
      return
    }
    updateFinder(formUrl(input.form), {
      focus: { name: input.name, value: input.value }
    })
  })
  document.addEventListener('submit', (event) => {
    if (event.target instanceof HTMLFormElement && event.target.id === 'filters') {
      event.preventDefault()
      // The pressed button is replaced: focus moves to the results heading.
      updateFinder(formUrl(event.target), { focus: { name: '', value: '' } })
    }
  })
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element
      ? event.target.closest('.app-selected a')
      : null
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) {
      return
    }
    event.preventDefault()
    updateFinder(link.href, { focus: { name: '', value: '' } })
  })
  window.addEventListener('popstate', () => {
    if (window.location.search === shownSearch) {
      return
    }
    updateFinder(window.location.href, { push: false })
  })
}

enhanceFinder()
