//! Secrets written through the whole store API never reach the data folder or an export
//! without encryption (session-only secrets here; `keyring.rs` repeats it with the real
//! keyring).

mod common;

use common::{assert_no_file_contains, exercise_whole_api, memory_store, secret_values};

#[test]
fn no_secret_value_is_found_in_the_data_folder_or_the_exports() {
    let (dir, store) = memory_store();
    let values = secret_values("mem");
    let exports = exercise_whole_api(&store, &values);
    let export_dir = dir.path().join("exports");
    std::fs::create_dir(&export_dir).expect("mkdir");
    for (i, e) in exports.iter().enumerate() {
        std::fs::write(export_dir.join(format!("export-{i}")), e).expect("write");
    }
    let n = assert_no_file_contains(dir.path(), &values);
    // Deployment files, state files and exports were all searched.
    assert!(n >= 8, "only {n} files searched");
    // And the checker itself finds a secret where there is one.
    std::fs::write(export_dir.join("leak"), format!("x{}x", values[3])).expect("write");
    let caught = std::panic::catch_unwind(|| assert_no_file_contains(dir.path(), &values));
    assert!(caught.is_err(), "the search missed a planted secret");
}
