"""`summarize`: a class's reports in one table, in the terminal, CSV and HTML."""

MESSAGES = {
    "summary.title": {
        "en": "hf-doctor · class summary",
        "ko": "hf-doctor · 수업 전체 요약",
    },
    "summary.counts": {
        "en": "Reports read: {reports} · files skipped: {skipped}",
        "ko": "읽은 보고서: {reports}개 · 건너뛴 파일: {skipped}개",
    },
    "summary.legend": {
        "en": "✗ failed · ! warning · ☠ could not run (a bug in hf-doctor). Check ids and cause ids are those of "
              "`hf-doctor check`.",
        "ko": "✗ 실패 · ! 경고 · ☠ 실행하지 못함 (hf-doctor의 버그). 검사 ID와 원인 ID는 `hf-doctor check`에서 "
              "쓰는 것과 같습니다.",
    },
    # Section headings.
    "summary.section.verdicts": {"en": "Verdicts", "ko": "판정 결과"},
    "summary.section.students": {"en": "Students", "ko": "학생별 결과"},
    "summary.section.causes": {"en": "Causes across the class", "ko": "수업 전체의 문제 원인"},
    "summary.section.speeds": {"en": "Generation speed by GPU", "ko": "GPU별 생성 속도"},
    "summary.section.skipped": {"en": "Skipped files", "ko": "건너뛴 파일"},
    # Column headers (the CSV keeps stable English ids instead: scripts read it).
    "summary.col.student": {"en": "Student", "ko": "학생"},
    "summary.col.file": {"en": "File", "ko": "파일"},
    "summary.col.verdict": {"en": "Verdict", "ko": "판정"},
    "summary.col.count": {"en": "Students", "ko": "학생 수"},
    "summary.col.gpu": {"en": "GPU", "ko": "GPU 종류"},
    "summary.col.failing": {"en": "Failing checks", "ko": "실패한 검사"},
    "summary.col.warnings": {"en": "Warnings", "ko": "경고"},
    "summary.col.problems": {"en": "Failing checks and warnings", "ko": "실패한 검사와 경고"},
    "summary.col.speed": {"en": "Tokens/s", "ko": "토큰/초"},
    "summary.col.cause": {"en": "Cause", "ko": "원인"},
    "summary.col.share": {"en": "Share of students", "ko": "학생 비율"},
    "summary.col.checks": {"en": "Found by", "ko": "발견한 검사"},
    "summary.col.runs": {"en": "Runs", "ko": "실행 수"},
    "summary.col.median": {"en": "Median tokens/s", "ko": "토큰/초 중앙값"},
    "summary.col.range": {"en": "Min–max tokens/s", "ko": "토큰/초 최소–최대"},
    "summary.col.reason": {"en": "Why it was skipped", "ko": "건너뛴 이유"},
    # Verdicts, as people read them (the CSV and the JSON keep the ids).
    "summary.verdict.ready": {"en": "Ready", "ko": "준비 완료"},
    "summary.verdict.ready_with_warnings": {"en": "Ready, with warnings", "ko": "준비 완료 (경고 있음)"},
    "summary.verdict.not_ready": {"en": "Not ready", "ko": "준비 안 됨"},
    "summary.verdict.unknown": {"en": "Unknown", "ko": "알 수 없음"},
    # The GPU column.
    "summary.gpu.simulated": {"en": "{name} (simulated)", "ko": "{name} (가상 GPU로 계획)"},
    "summary.gpu.none": {"en": "No GPU", "ko": "GPU 없음"},
    "summary.gpu.unknown": {"en": "Not reported", "ko": "보고되지 않음"},
    "summary.gpu.cpu": {"en": "CPU (no GPU used)", "ko": "CPU (GPU 사용 안 함)"},
    "summary.duplicate": {
        "en": "duplicate name: {file}",
        "ko": "이름 중복: {file}",
    },
    # What an empty section says.
    "summary.empty.causes": {
        "en": "No check failed or warned in any report.",
        "ko": "어느 보고서에서도 실패하거나 경고가 나온 검사가 없습니다.",
    },
    "summary.empty.speeds": {
        "en": "No report has a timed generation (it needs `hf-doctor check --model ID --smoke`).",
        "ko": "생성 속도를 측정한 보고서가 없습니다 (`hf-doctor check --model ID --smoke`로 측정합니다).",
    },
    "summary.empty.skipped": {
        "en": "No file was skipped.",
        "ko": "건너뛴 파일이 없습니다.",
    },
    # Why a file was skipped.
    "summary.skip.missing": {"en": "No such file or folder.", "ko": "파일이나 폴더가 없습니다."},
    "summary.skip.not_a_file": {"en": "Not a regular file.", "ko": "일반 파일이 아닙니다."},
    "summary.skip.no_reports_in_dir": {
        "en": "A folder without any .json file.",
        "ko": ".json 파일이 하나도 없는 폴더입니다.",
    },
    "summary.skip.unreadable": {"en": "Cannot be read: {error}", "ko": "읽을 수 없습니다: {error}"},
    "summary.skip.too_large": {
        "en": "Too large to be a report ({size}).",
        "ko": "보고서라고 보기에는 너무 큽니다 ({size}).",
    },
    "summary.skip.empty": {"en": "The file is empty.", "ko": "빈 파일입니다."},
    "summary.skip.not_text": {
        "en": "Not a text file (not UTF-8): perhaps a different file was handed in.",
        "ko": "텍스트 파일이 아닙니다 (UTF-8이 아님). 다른 파일을 제출했을 수 있습니다.",
    },
    "summary.skip.invalid_json": {
        "en": "Not valid JSON (line {line}, column {column}): the file may be cut short or edited by hand.",
        "ko": "올바른 JSON이 아닙니다 ({line}행 {column}열). 파일이 잘렸거나 직접 수정되었을 수 있습니다.",
    },
    "summary.skip.not_object": {
        "en": "JSON, but not an object: an hf-doctor report is an object with a \"checks\" list.",
        "ko": "JSON이지만 객체가 아닙니다. hf-doctor 보고서는 \"checks\" 목록이 있는 객체입니다.",
    },
    "summary.skip.foreign_schema": {
        "en": "Not an hf-doctor report (schema: {schema}).",
        "ko": "hf-doctor 보고서가 아닙니다 (schema: {schema}).",
    },
    "summary.skip.no_checks": {
        "en": "An hf-doctor report without its \"checks\" list.",
        "ko": "\"checks\" 목록이 없는 hf-doctor 보고서입니다.",
    },
    # The command's own lines.
    "summary.error.none_read": {
        "en": "no report could be read ({skipped} skipped); give the .json files that "
              "`hf-doctor check --report FILE` wrote, or a folder of them",
        "ko": "읽을 수 있는 보고서가 없습니다 ({skipped}개 건너뜀). `hf-doctor check --report FILE`로 만든 "
              ".json 파일이나 그 파일들이 있는 폴더를 지정해 주세요",
    },
    "summary.error.write": {
        "en": "cannot write {path}: {error}",
        "ko": "{path}에 쓸 수 없습니다: {error}",
    },
    "summary.wrote": {"en": "Wrote {path}", "ko": "{path} 파일을 저장했습니다"},
}
