//! The controls of the kinds the server renders alone (see `hearback_core::rare`), for the
//! server's pages only: a ranking's places, a date field, pictures to choose, an information
//! step's link, contact details with their purpose. The pages of such a survey carry no wasm; the steps script enhances them.

use super::form::shown_order;
use super::plain::PlainForm;
use super::strings::{rare_strings, Msg, RareStrings, Strings};
use hearback_core::rare::{DetailField, Rare};
use leptos::prelude::*;

/// A ranking: a list of places, each a choice of the items (without JavaScript; the steps
/// script turns it into items to choose in order or drag); a date: the browser's date field,
/// bounded by the question's range; pictures: radio buttons or check boxes with their images;
/// an information step: its link, which the steps script records as opened.
pub fn control(
    rare: &Rare,
    id: &str,
    prompt_id: &str,
    described: &str,
    posted: &PlainForm,
    strings: &Strings,
    seed: u32,
) -> AnyView {
    let words = use_context::<RareStrings>().unwrap_or_else(|| rare_strings("en"));
    match rare {
        Rare::Ranking { choices, shuffle } => {
            let order = shown_order(choices.len(), shuffle.then_some(seed));
            let chosen = posted.all(id);
            let hint_id = format!("{id}-how");
            let places = (0..order.len())
                .map(|at| {
                    let here = chosen.get(at).cloned().unwrap_or_default();
                    let options = order
                        .iter()
                        .map(|&i| {
                            let item = &choices[i];
                            let value = item.id.to_string();
                            let selected = value == here;
                            view! { <option value=value selected=selected>{item.label.as_str().to_owned()}</option> }
                        })
                        .collect_view();
                    view! {
                        <li class="hb-place"><label>
                            <span>{words.place.replace("{n}", &(at + 1).to_string())}</span>
                            <select name=id.to_owned() aria-describedby=hint_id.clone()>
                                <option value="">{words.none}</option>{options}
                            </select>
                        </label></li>
                    }
                })
                .collect_view();
            view! {
                <p class="hb-hint" id=hint_id.clone()>{words.rank_hint}</p>
                <ol class="hb-ranks" data-placed=words.placed data-unplaced=words.unplaced
                    aria-labelledby=prompt_id.to_owned()>{places}</ol>
            }
            .into_any()
        }
        Rare::Date { earliest, latest } => view! {
            <input type="date" id=id.to_owned() name=id.to_owned() min=earliest.clone() max=latest.clone()
                placeholder="YYYY-MM-DD" value=posted.first(id).unwrap_or_default().to_owned()
                aria-labelledby=prompt_id.to_owned() aria-describedby=described.to_owned()/>
        }
        .into_any(),
        Rare::Pictures { choices, images, shuffle, min, max } => {
            let chosen = posted.all(id);
            let input_type = if *max > 1 { "checkbox" } else { "radio" };
            let hint = (*max > 1).then(|| {
                let hint = strings.fill(Msg::ChooseRange, &[("min", (*min).max(1)), ("max", *max)]);
                view! { <p class="hb-hint">{hint}</p> }
            });
            let pictures = shown_order(choices.len(), shuffle.then_some(seed))
                .into_iter()
                .map(|i| {
                    let value = choices[i].id.to_string();
                    let checked = chosen.contains(&value);
                    // The label's words name the picture; the image itself adds nothing to read.
                    view! {
                        <label class="hb-picture">
                            <input type=input_type name=id.to_owned() value=value checked=checked/>
                            <img src=images[i].clone() alt="" loading="lazy" referrerpolicy="no-referrer"/>
                            <span>{choices[i].label.as_str().to_owned()}</span>
                        </label>
                    }
                })
                .collect_view();
            view! { {hint}<div class="hb-pictures">{pictures}</div> }.into_any()
        }
        Rare::Details { fields, purpose } => {
            // The purpose they are given for, said where they are asked; each field with what
            // the browser may fill in.
            let inputs = fields
                .iter()
                .map(|field| {
                    let name = super::form::row_field(id, field.as_str());
                    let (kind, autocomplete, label) = match field {
                        DetailField::Name => ("text", "name", words.details[0]),
                        DetailField::Email => ("email", "email", words.details[1]),
                        DetailField::Phone => ("tel", "tel", words.details[2]),
                        DetailField::Company => ("text", "organization", words.details[3]),
                    };
                    view! {
                        <label class="hb-detail"><span>{label}</span>
                            <input type=kind name=name.clone() autocomplete=autocomplete maxlength="254"
                                value=posted.first(&name).unwrap_or_default().to_owned() aria-describedby=format!("{id}-purpose")/>
                        </label>
                    }
                })
                .collect_view();
            view! { <p class="hb-hint" id=format!("{id}-purpose")>{purpose.as_str().to_owned()}</p>{inputs} }.into_any()
        }
        Rare::Info { button } => {
            let link = button.as_ref().map(|(label, url)| {
                view! {
                    <p><a class="hb-cta" href=url.clone() target="_blank" rel="noopener noreferrer"
                        data-records=id.to_owned()>{label.as_str().to_owned()}</a></p>
                }
            });
            view! { {link} }.into_any()
        }
    }
}
