//! What the painter decides, apart from the browser: the colours of
//! highlights ([`colour`]), the style sheet's rules ([`sheet`]), and which
//! spans stack on which level and lie near the view ([`spans`]). No
//! `web_sys` here, so all of it is tested natively; `web::highlights`
//! applies it to the page.

pub mod colour;
pub mod sheet;
pub mod spans;
pub mod suggestions;
