//! The bare Tauri 2 app of the benchmark: one window, one static page, nothing else.
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the baseline app runs");
}
