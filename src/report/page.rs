//! The shell every HTML page shares: doctype, head with the inline style sheet (no network),
//! the header band and the main column. Pages add their own rules to the base style.

use maud::{html, Markup, PreEscaped, DOCTYPE};

/// Rules common to the sample report and the patient timeline.
const BASE_STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px}
header{background:#12304a;color:#fff;padding:18px 24px}
header h1{margin:0;font-size:22px} header p{margin:4px 0 0;opacity:.85;font-size:13px}
section{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:16px 20px;margin:16px 0}
h2{font-size:17px;margin:0 0 10px} h3{font-size:14px;margin:14px 0 6px}
table{border-collapse:collapse;width:100%;font-size:13px} th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eceff3;vertical-align:top}
th{background:#f1f4f7;font-weight:600}
.banner{background:#fff6e0;border:1px solid #f0d48a;border-radius:8px;padding:10px 14px;font-size:13px}
.summary{font-size:15px;line-height:1.5}
.chip{display:inline-block;border-radius:12px;padding:2px 10px;font-weight:600;font-size:12px;white-space:nowrap}
.sensitive{background:#d7f2df;color:#135c2b}.no_known_resistance{background:#e4eefc;color:#173f7a}
.intermediate{background:#fdf0c8;color:#6b4d00}.trial_option{background:#ece3f7;color:#4b2a7a}.unknown{background:#eceff3;color:#4a5564}.resistant{background:#f9d5d3;color:#8a1c16}
.muted{color:#6b7686;font-size:12px}
"#;

/// One self-contained page: `title` in the tab, `heading` and `subtitle` in the header band,
/// `content` in the main column; `style` is appended to the base rules.
pub(crate) fn page(
    title: &str,
    heading: &str,
    subtitle: Markup,
    style: &str,
    content: Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(BASE_STYLE)) (PreEscaped(style)) }
            }
            body {
                header {
                    h1 { (heading) }
                    p { (subtitle) }
                }
                main { (content) }
            }
        }
    }
}
