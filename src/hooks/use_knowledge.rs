use yew::prelude::*;

use crate::library::Library;
use crate::store::Store;

/// Keeps the library's knowledge base in storage: stores it whenever the
/// store changes it (once it was read), and hands the library the links to
/// move in documents that are not open (after a merge or delete of
/// entities, or its undo).
#[hook]
pub fn use_knowledge(store: &UseReducerHandle<Store>, library: &Library) {
    {
        let library = library.clone();
        let (kb, loaded) = (store.knowledge.kb.clone(), store.knowledge.loaded);
        use_effect_with(store.knowledge.revision, move |revision| {
            if loaded && *revision > 0 {
                library.save_knowledge_base(kb);
            }
        });
    }
    let library = library.clone();
    let relink = store.knowledge.relink.clone();
    use_effect_with(relink.as_ref().map(|r| r.nonce), move |_| {
        if let Some(relink) = relink {
            library.relink_elsewhere(relink);
        }
    });
}
