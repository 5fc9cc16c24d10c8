@main struct Parleyd { static func main() {} }
