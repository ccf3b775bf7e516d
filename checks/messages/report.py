"""Reports for sharing: the Markdown form of a report."""

MESSAGES = {
    "report.verdict.ready": {"en": "ready", "ko": "준비 완료"},
    "report.verdict.ready_with_warnings": {"en": "ready, with warnings", "ko": "준비 완료 (경고 있음)"},
    "report.verdict.not_ready": {"en": "not ready", "ko": "준비 안 됨"},
    "report.column.check": {"en": "Check", "ko": "검사"},
    "report.column.result": {"en": "Result", "ko": "결과"},
    "report.fixes": {"en": "How to fix", "ko": "해결 방법"},
    "report.student": {"en": "Student", "ko": "학생"},
    "report.user": {"en": "Hub user", "ko": "Hub 사용자"},
    "report.model": {"en": "Model", "ko": "모델"},
    "report.profile": {"en": "Profile", "ko": "프로필"},
    "report.simulated_gpu": {"en": "Simulated GPU", "ko": "가상 GPU"},
}
