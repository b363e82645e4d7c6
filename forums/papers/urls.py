from django.urls import path

from forums.papers import views

urlpatterns = [
    path("papers/", views.my_papers, name="paper-mine"),
    path("papers/reviews/", views.review_queue_view, name="paper-review-queue"),
    path(
        "papers/submit/<slug:event_slug>/<slug:forum_slug>/",
        views.paper_submit,
        name="paper-submit",
    ),
    path(
        "papers/board/<slug:event_slug>/<slug:forum_slug>/",
        views.decision_board_view,
        name="paper-board",
    ),
    path("papers/<int:paper_id>/", views.paper_detail, name="paper-detail"),
    path("papers/<int:paper_id>/edit/", views.paper_edit, name="paper-edit"),
    path("papers/<int:paper_id>/file/", views.paper_file, name="paper-file"),
    path(
        "papers/<int:paper_id>/versions/<int:number>/file/",
        views.paper_file,
        name="paper-version-file",
    ),
    path("papers/<int:paper_id>/transition/", views.paper_transition_view, name="paper-transition"),
    path("papers/<int:paper_id>/review/", views.paper_review_view, name="paper-review"),
    path("papers/<int:paper_id>/assign/", views.paper_assign_view, name="paper-assign"),
    path(
        "papers/<int:paper_id>/assignments/<int:assignment_id>/remove/",
        views.paper_unassign_view,
        name="paper-unassign",
    ),
    path("papers/<int:paper_id>/claim/", views.paper_claim_view, name="paper-claim"),
    path(
        "papers/<int:paper_id>/late-revision/",
        views.paper_late_revision_view,
        name="paper-late-revision",
    ),
]
