//! Where the address points: the route is the hash fragment (`#/check/<code>`, `#/audit`, …).

use leptos::prelude::*;

/// Where the hash fragment points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `#/check` or `#/check/<code>`.
    Check(Option<String>),
    Audit,
    Results,
    Tables,
    /// `#/kiosk`: a shared device at a party office.
    Kiosk,
    /// `#/compare/<signed checkpoint>`: a checkpoint someone shared, against this device's.
    Compare(String),
    /// `#/glossary` or `#/glossary/<term>`: the words the pages use.
    Glossary(Option<String>),
}

impl Route {
    pub fn from_hash(hash: &str) -> Self {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.splitn(2, '/');
        match (parts.next().unwrap_or(""), parts.next()) {
            ("audit", _) => Route::Audit,
            ("results", _) => Route::Results,
            ("tables", _) => Route::Tables,
            ("kiosk", _) => Route::Kiosk,
            ("compare", Some(note)) => Route::Compare(note.to_owned()),
            ("glossary", term) => {
                Route::Glossary(term.filter(|t| !t.is_empty()).map(str::to_owned))
            }
            ("check", Some(code)) if !code.is_empty() => Route::Check(Some(code.to_owned())),
            _ => Route::Check(None),
        }
    }
}

/// The address's fragment.
pub fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// The route the address names, following it as it changes.
pub fn route_signal() -> RwSignal<Route> {
    let route = RwSignal::new(Route::from_hash(&current_hash()));
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(Route::from_hash(&current_hash()))
    });
    route
}

/// Nothing is remembered on a kiosk: the next person's check must not depend on the last one's.
pub fn in_kiosk() -> bool {
    Route::from_hash(&current_hash()) == Route::Kiosk
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn routes_come_from_the_fragment() {
        assert_eq!(Route::from_hash("#/audit"), Route::Audit);
        assert_eq!(Route::from_hash("#/kiosk"), Route::Kiosk);
        assert_eq!(
            Route::from_hash("#/check/ABCD/EFGH"),
            Route::Check(Some("ABCD/EFGH".into()))
        );
        assert_eq!(Route::from_hash("#/check/"), Route::Check(None));
        assert_eq!(Route::from_hash("#/glossary"), Route::Glossary(None));
        assert_eq!(
            Route::from_hash("#/glossary/witnesses"),
            Route::Glossary(Some("witnesses".into()))
        );
        assert_eq!(
            Route::from_hash("#/compare/x%0A"),
            Route::Compare("x%0A".into())
        );
        for other in ["", "#", "#/", "#/nowhere", "#main"] {
            assert_eq!(Route::from_hash(other), Route::Check(None), "{other}");
        }
    }
}
