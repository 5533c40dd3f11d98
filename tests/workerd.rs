//! worky answers as workerd does: every probe worker in tests/workerd/ runs
//! under `worky dev` (with `<probe>.worky.toml` when there is one, and the files
//! of `<probe>.files/` next to it) and its JSON
//! answer must equal what workerd answered when tests/workerd/record.sh last ran
//! (`<probe>.expected.json`). workerd itself is not needed here.
//!
//! Where worky deliberately answers otherwise, `<probe>.differences.json` says
//! so, observation by observation (`"listAnd.he"`): worky's answer and why.
//! Those are checked too: worky must give the documented answer, and it must
//! still differ from workerd's (a difference that went away is removed).

mod common;

use std::path::Path;

use common::*;

#[test]
fn probes_answer_as_workerd_recorded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workerd");
    let mut probes: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "js"))
        .collect();
    probes.sort();
    assert!(!probes.is_empty(), "no probes in {}", dir.display());
    for probe in probes {
        let name = probe.file_stem().unwrap().to_string_lossy().into_owned();
        let expected_path = dir.join(format!("{name}.expected.json"));
        let mut expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("{} is missing: run tests/workerd/record.sh", expected_path.display())),
        )
        .unwrap();
        apply_documented_differences(&mut expected, &dir.join(format!("{name}.differences.json")));
        let mut files = vec![("worker.js", std::fs::read_to_string(&probe).unwrap())];
        if let Ok(config) = std::fs::read_to_string(dir.join(format!("{name}.worky.toml"))) {
            files.push(("worky.toml", config));
        }
        let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (*path, text.as_str())).collect();
        let project = project(&files);
        // Files the probe imports (wasm modules), next to the worker.
        if let Ok(entries) = std::fs::read_dir(dir.join(format!("{name}.files"))) {
            for entry in entries {
                let path = entry.unwrap().path();
                std::fs::copy(&path, project.path().join(path.file_name().unwrap())).unwrap();
            }
        }
        // One isolate, as workerd runs a worker here: a probe that keeps state in
        // one request and reads it in the next (service_rpc_stubs `keptDup`) must
        // not meet a second isolate the pool started under load.
        let dev = Dev::start(project.path(), &["worker.js", "--max-isolates", "1"]);
        let reply = dev.get("/");
        assert_eq!(reply.status, 200, "{name}: {}", reply.body);
        let answered: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        let (expected, answered) = (expected.as_object().unwrap(), answered.as_object().unwrap());
        let differences: Vec<String> = expected
            .iter()
            .filter(|(key, value)| answered.get(*key) != Some(value))
            .map(|(key, value)| {
                format!("  {key}: workerd {value}, worky {}", answered.get(key).unwrap_or(&"nothing".into()))
            })
            .collect();
        assert!(differences.is_empty(), "{name} differs from workerd:\n{}", differences.join("\n"));
        assert_eq!(expected.len(), answered.len(), "{name}: the same observations");
    }
}

/// Replaces workerd's answer with worky's documented one where a difference is
/// documented (`"key"` or `"key.sub"`: {"worky": ..., "why": "..."}).
fn apply_documented_differences(expected: &mut serde_json::Value, path: &Path) {
    let Ok(text) = std::fs::read_to_string(path) else { return };
    let differences: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    for (observation, difference) in differences {
        assert!(difference["why"].as_str().is_some_and(|why| !why.is_empty()), "{observation}: say why");
        let slot = observation.split('.').try_fold(&mut *expected, |value, key| value.get_mut(key));
        let slot = slot.unwrap_or_else(|| panic!("{}: workerd recorded no {observation}", path.display()));
        assert_ne!(*slot, difference["worky"], "{observation}: worky now answers as workerd; remove the entry");
        *slot = difference["worky"].clone();
    }
}
