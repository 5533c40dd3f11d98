//! worky answers as workerd does: every probe worker in tests/workerd/ runs
//! under `worky dev` (with `<probe>.worky.toml` when there is one) and its JSON
//! answer must equal what workerd answered when tests/workerd/record.sh last ran
//! (`<probe>.expected.json`). workerd itself is not needed here.

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
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("{} is missing: run tests/workerd/record.sh", expected_path.display())),
        )
        .unwrap();
        let mut files = vec![("worker.js", std::fs::read_to_string(&probe).unwrap())];
        if let Ok(config) = std::fs::read_to_string(dir.join(format!("{name}.worky.toml"))) {
            files.push(("worky.toml", config));
        }
        let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (*path, text.as_str())).collect();
        let project = project(&files);
        let dev = Dev::start(project.path(), &["worker.js"]);
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
