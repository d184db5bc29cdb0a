"""The flow engine and its scheduling: step tables (`engine`), due work (`schedule`), replies
understood (`replies`), and what a feature hands the engine (`feature`). The conversations
themselves live in their feature packages; `botapp.features` installs them."""
